// types: f32[]
function reverse(x) {
  const i = gpu.globalIdx.x;
  const n = x.length;
  if (i < n / 2) {
    const t = x[i];
    x[i] = x[n - 1 - i];
    x[n - 1 - i] = t;
  }
}
