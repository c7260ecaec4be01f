// types: u64[], i32[]
// expect: type-mismatch 4:10
function imulOfBig(b, y) {
  y[0] = Math.imul(3, b[0]);
}
