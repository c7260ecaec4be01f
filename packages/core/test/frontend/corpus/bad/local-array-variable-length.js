// types: f32[], i32
// expect: not-constant 4:30
function dynamicLocal(x, n) {
  const t = new Float32Array(n);
}
