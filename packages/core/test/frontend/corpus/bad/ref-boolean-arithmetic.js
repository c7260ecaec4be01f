// types: f32[]
// expect: type-mismatch 4:10
function booleanTimes(x) {
  x[0] = true * 2;
}
