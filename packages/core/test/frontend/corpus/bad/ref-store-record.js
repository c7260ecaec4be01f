// types: f32[]
// expect: type-mismatch 5:10
// scope: point
function storesRecord(x) {
  x[0] = point;
}
