// types: f32[], f32
// expect: type-mismatch 4:10
function callsNumber(x, a) {
  x[0] = a(1);
}
