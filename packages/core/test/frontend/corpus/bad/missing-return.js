// types: f32[], i32
// expect: missing-return 5:3
function sometimes(x, n) {
  if (n > 0) return 1;
  return;
}
