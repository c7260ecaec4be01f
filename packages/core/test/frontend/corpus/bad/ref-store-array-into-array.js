// types: f32[]
// expect: type-mismatch 4:10
function storesArray(x) {
  x[0] = x;
}
