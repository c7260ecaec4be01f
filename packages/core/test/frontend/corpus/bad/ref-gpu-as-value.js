// types: f32[]
// expect: unsupported 4:13
function gpuValue(x) {
  const g = gpu;
}
