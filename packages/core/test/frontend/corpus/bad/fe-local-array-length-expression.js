// types: f32[], i32
// expect: not-constant 5:30
function lengthFromArgument(x, n) {
  const m = n * 2;
  const t = new Float32Array(m + 1);
  x[0] = t[0];
}
