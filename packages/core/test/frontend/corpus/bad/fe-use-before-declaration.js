// types: f32[]
// scope: scale
// expect: invalid-assignment 5:10
function shadowedLater(x) {
  x[0] = scale;
  const scale = 3;
  x[1] = scale;
}
