// types: f32[]
// expect: type-mismatch 4:7
function arrayCondition(x) {
  if (x) x[0] = 1;
}
