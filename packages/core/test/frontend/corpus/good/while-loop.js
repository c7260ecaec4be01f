// types: i32[]
function collatz(steps) {
  const i = gpu.globalIdx.x;
  let n = i + 1;
  let count = 0;
  while (n !== 1) {
    n = n % 2 === 0 ? n / 2 | 0 : 3 * n + 1;
    count++;
  }
  steps[i] = count;
}
