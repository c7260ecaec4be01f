// types: f32[]
// expect: syntax 5:10
function yields(x) {
  const y = 1;
  x[0] = yield 1;
}
