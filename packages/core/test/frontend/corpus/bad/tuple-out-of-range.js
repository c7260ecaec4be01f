// types: f32[]
// expect: bad-index 5:12
function tupleRange(x) {
  const t = [1, 2];
  x[0] = t[5];
}
