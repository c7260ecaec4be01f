// types: f32[], i32
// expect: bad-index 5:15
function mixedTuple(x, n) {
  const pair = [x, n];
  x[0] = pair[n];
}
