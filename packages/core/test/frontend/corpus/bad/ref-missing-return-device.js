// types: f32[], i32
// expect: missing-return 9:1
function usesHalf(x, n) {
  x[0] = half(n);
}

function half(n) {
  if (n > 0) return n / 2;
}
