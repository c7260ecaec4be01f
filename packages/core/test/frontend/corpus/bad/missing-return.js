// types: f32[], i32
// expect: missing-return 9:3
function sometimes(x, n) {
  sign(x, n);
}

function sign(x, n) {
  if (n > 0) return 1;
  return;
}
