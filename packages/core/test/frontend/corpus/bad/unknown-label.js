// types: f32[], i32
// expect: bad-jump 5:5
function unknownLabel(x, n) {
  for (let i = 0; i < n; i++) {
    break nowhere;
  }
}
