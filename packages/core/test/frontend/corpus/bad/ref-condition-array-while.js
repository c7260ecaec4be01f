// types: f32[]
// expect: type-mismatch 4:10
function arrayCondition(x) {
  while (x) x[0] = 1;
}
