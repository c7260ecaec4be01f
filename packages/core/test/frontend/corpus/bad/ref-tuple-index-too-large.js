// types: f32[]
// expect: bad-index 5:12
function tupleOverrun(x) {
  const t = [1, 2, 3];
  x[0] = t[3];
}
