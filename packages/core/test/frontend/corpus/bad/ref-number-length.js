// types: f32[], i32
// expect: unknown-member 4:10
function numberLength(x, n) {
  x[0] = n.length;
}
