// types: i32[], i32
function shortCircuit(a, n) {
  const i = gpu.globalIdx.x;
  if (i < n && a[i] > 0) a[i] = 0;
  if (i >= n || a[i] === 5) return;
  a[i] = 7;
}
