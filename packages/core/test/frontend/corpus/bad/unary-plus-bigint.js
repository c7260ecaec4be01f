// types: i64[], f64[]
// expect: type-mismatch 4:10
function plusBig(x, d) {
  d[0] = +x[0];
}
