// types: f32[]
// expect: not-constant 4:43
function emptyShared(x) {
  const s = gpu.sharedArray(Float32Array, 0);
}
