// types: f32[], i32
// expect: bad-index 5:10
function mixedTuple(x, n) {
  const pair = [x, n];
  x[0] = pair[n];
}
