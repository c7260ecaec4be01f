// Conformance: i32 wrapping, guarded division, masked shifts, >>>.
export default {
  name: 'integers',
  description: 'i32 wrapping, guarded division, masked shifts, >>>',
  source: `function integers(a, b, out, u) {
  const i = gpu.globalIdx.x;
  out[i * 8] = a[i] + b[i];
  out[i * 8 + 1] = Math.imul(a[i], b[i]);
  out[i * 8 + 2] = (a[i] / b[i]) | 0;
  out[i * 8 + 3] = a[i] % b[i];
  out[i * 8 + 4] = a[i] << b[i];
  out[i * 8 + 5] = a[i] >> b[i];
  out[i * 8 + 6] = ~a[i] ^ b[i];
  u[i] = a[i] >>> b[i];
}`,
  grid: 1,
  block: 8,
  args: () => [
    Int32Array.from([7, -7, 2147483647, -2147483648, 5, 0, 100, -1]),
    Int32Array.from([2, 2, 1, -1, 0, 3, 33, 31]),
    new Int32Array(64),
    new Uint32Array(8),
  ],
};
