// types: f32[]
// expect: not-constant 4:43
function fractionalShared(x) {
  const s = gpu.sharedArray(Float32Array, 10 / 4);
  x[0] = s[0];
}
