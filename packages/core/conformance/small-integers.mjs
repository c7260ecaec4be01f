// Conformance: u8 and u16 computing as i32 and wrapping on store.
export default {
  name: 'small-integers',
  description: 'u8 and u16 computing as i32 and wrapping on store',
  source: `function smallIntegers(b, w, out) {
  const i = gpu.globalIdx.x;
  out[i] = b[i] + w[i];
  b[i] = b[i] * 3;
  w[i] = w[i] - 70000;
}`,
  grid: 1,
  block: 4,
  args: () => [Uint8Array.from([1, 100, 200, 255]), Uint16Array.from([0, 1, 65535, 300]), new Int32Array(4)],
};
