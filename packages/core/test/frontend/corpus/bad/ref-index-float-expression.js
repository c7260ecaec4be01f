// types: f32[], i32
// expect: bad-index 4:12
function indexHalf(x, n) {
  x[0] = x[n * 0.5];
}
