// types: f32[], i64[]
// expect: type-mismatch 4:10
function floatOfBig(x, b) {
  x[0] = f32(b[0]);
}
