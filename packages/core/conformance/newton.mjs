// Conformance: do-while iteration to convergence in f64.
export default {
  name: 'newton',
  description: 'do-while iteration to convergence in f64',
  source: `function newton(x) {
  const i = gpu.globalIdx.x;
  const target = x[i];
  let guess = target;
  let previous = 0.0;
  do {
    previous = guess;
    guess = 0.5 * (guess + target / guess);
  } while (Math.abs(guess - previous) > 1e-12);
  x[i] = guess;
}`,
  grid: 2,
  block: 32,
  args: (h) => [h.iota(64, (i) => i + 1)],
};
