// types: f32[], i32
// scope: lerp, dot
function defaultParameters(x, n) {
  const i = gpu.globalIdx.x;
  if (i < n) x[i] = lerp(x[i], 1) + lerp(x[i], 1, 0.25) + dot({ x: x[i], y: 2 }, [3, 4]) + dot({ x: 1, y: 2 });
}
