// types: f32[], i32
// expect: type-mismatch 4:10
function callsNumber(x, n) {
  x[0] = n(1);
}
