// types: i64[], i32[]
// expect: type-mismatch 5:20
function integralBig(b, y) {
  const v = b[0];
  y[0] = v > 0n && Number.isInteger(v) ? 1 : 0;
}
