// types: f32[]
// expect: unsupported 4:13
function nestedGenerator(x) {
  const g = function* () {};
}
