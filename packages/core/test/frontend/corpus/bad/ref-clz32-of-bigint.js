// types: i64[], i32[]
// expect: type-mismatch 4:10
function leadingZerosOfBig(b, y) {
  y[0] = Math.clz32(b[0]);
}
