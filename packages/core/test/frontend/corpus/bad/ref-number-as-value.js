// types: f32[]
// expect: unsupported 4:17
function numberValue(x) {
  x[0] = square(Number);
}
