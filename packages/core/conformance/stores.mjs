// Conformance: stores convert as typed arrays do (ToInt32, ToUint8, rounding to f32).
export default {
  name: 'stores',
  description: 'stores convert as typed arrays do (ToInt32, ToUint8, rounding to f32)',
  source: `function stores(src, ints, bytes, words, floats) {
  const i = gpu.globalIdx.x;
  ints[i] = src[i];
  bytes[i] = src[i];
  words[i] = src[i];
  floats[i] = src[i] * 1.1;
}`,
  grid: 1,
  block: 8,
  args: () => [
    Float64Array.from([1e10, -1.5, 2.7, NaN, Infinity, -(2 ** 53) - 3, 4294967295.9, -0.5]),
    new Int32Array(8),
    new Uint8Array(8),
    new Uint32Array(8),
    new Float32Array(8),
  ],
};
