// saxpy as a file of kernels, for `gpuc build` (the device scripts bundle it).
export function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}
