// types: f32[], i32
// expect: not-constant 4:43
function dynamicShared(x, n) {
  const t = gpu.sharedArray(Float32Array, n);
}
