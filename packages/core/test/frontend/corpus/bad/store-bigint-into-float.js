// types: f32[], i64[]
// expect: type-mismatch 4:10
function storesBig(x, b) {
  x[0] = b[0];
}
