// types: i64[], u64[]
// expect: type-mismatch 4:10
function mixesBig(a, b) {
  a[0] = a[0] + b[0];
}
