// types: f32, f32[], f32[], i32
function saxpyTyped(a: number, x: Float32Array, y: Float32Array, n: number): void {
  const i: number = gpu.globalIdx.x;
  if (i < n) y[i] = (a as number) * x[i] + y[i]!;
}
