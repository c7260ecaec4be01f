// types: f32[]
// expect: type-mismatch 4:13
function sharedOfWhat(x) {
  const t = gpu.sharedArray(3, 16);
}
