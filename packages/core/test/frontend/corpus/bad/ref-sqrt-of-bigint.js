// types: i64[], f64[]
// expect: type-mismatch 4:10
function sqrtOfBig(b, y) {
  y[0] = Math.sqrt(b[0]);
}
