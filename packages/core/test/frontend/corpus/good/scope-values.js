// types: f32[]
// scope: table, scale, limit, point
function usesScope(x) {
  const i = gpu.globalIdx.x;
  if (i < limit) x[i] = x[i] * scale + table[i % 4] + point.x;
}
