// Conformance: BigInt arithmetic wrapping at 64 bits.
export default {
  name: 'bigint',
  description: 'BigInt arithmetic wrapping at 64 bits',
  source: `function bigint(x, y) {
  const i = gpu.globalIdx.x;
  y[i] = x[i] * 6364136223846793005n + 1442695040888963407n;
  y[i + 4] = x[i] / 3n + (x[i] % 5n) - (x[i] >> 3n) + 2n ** 40n;
}`,
  grid: 1,
  block: 4,
  args: () => [BigInt64Array.from([1n, -5n, 2n ** 62n, -(2n ** 63n)]), new BigInt64Array(8)],
};
