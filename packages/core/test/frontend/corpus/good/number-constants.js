// types: f64[], u8[]
function numberConstants(x, flags) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  flags[i] = Number.isNaN(v) || !Number.isFinite(v) ? 1 : 0;
  x[i] = v > Number.MAX_SAFE_INTEGER ? Number.POSITIVE_INFINITY : v + Number.EPSILON;
}
