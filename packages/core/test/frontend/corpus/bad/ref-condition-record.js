// types: f32[]
// expect: type-mismatch 5:7
// scope: point
function recordCondition(x) {
  if (point) x[0] = 1;
}
