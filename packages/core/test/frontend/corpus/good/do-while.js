// types: f64[]
function newton(x) {
  const i = gpu.globalIdx.x;
  const target = x[i];
  let guess = target;
  let previous = 0.0;
  do {
    previous = guess;
    guess = 0.5 * (guess + target / guess);
  } while (Math.abs(guess - previous) > 1e-12);
  x[i] = guess;
}
