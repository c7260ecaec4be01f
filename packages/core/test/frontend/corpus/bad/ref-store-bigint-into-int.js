// types: i32[]
// expect: type-mismatch 4:10
function storesBigInt(x) {
  x[0] = 5n;
}
