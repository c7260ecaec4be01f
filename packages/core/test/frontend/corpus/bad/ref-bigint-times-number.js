// types: i64[], i32
// expect: type-mismatch 4:10
function bigTimesNumber(a, n) {
  a[0] = a[0] * n;
}
