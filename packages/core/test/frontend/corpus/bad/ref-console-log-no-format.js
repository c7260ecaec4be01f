// types: f32[]
// expect: unsupported 4:3
function logNothing(x) {
  console.log();
}
