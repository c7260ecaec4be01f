// types: f32[]
// scope: limit
function constantLengths(x) {
  const N = 16;
  const a = new Float32Array(N * N);
  const b = gpu.sharedArray(Float32Array, 32 * 33);
  const c = new Int32Array(1 << 4);
  const d = new Float64Array(limit / 4);
  a[0] = 1;
  b[0] = 2;
  c[0] = 3;
  d[0] = 4;
  x[0] = a[0] + b[0] + c[0] + d[0] + a.length + d.length;
}
