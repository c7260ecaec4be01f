// types: f32[]
// expect: type-mismatch 5:10
// scope: point
function recordPlus(x) {
  x[0] = point + 1;
}
