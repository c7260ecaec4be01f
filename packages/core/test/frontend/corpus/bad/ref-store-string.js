// types: f32[]
// expect: type-mismatch 4:10
function storesString(x) {
  x[0] = 'a';
}
