// Conformance: data-dependent while loops.
export default {
  name: 'collatz',
  description: 'data-dependent while loops',
  source: `function collatz(steps) {
  const i = gpu.globalIdx.x;
  let n = i + 1;
  let count = 0;
  while (n !== 1) {
    n = n % 2 === 0 ? n / 2 | 0 : 3 * n + 1;
    count++;
  }
  steps[i] = count;
}`,
  grid: 4,
  block: 64,
  args: () => [new Int32Array(256)],
};
