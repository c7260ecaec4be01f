// types: f32[]
// expect: unsupported 4:3
function logTemplate(x) {
  console.log(`x`);
}
