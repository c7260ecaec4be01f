// types: f32[]
// expect: unsupported 4:19
function spreadMax(x) {
  x[0] = Math.max(...x);
}
