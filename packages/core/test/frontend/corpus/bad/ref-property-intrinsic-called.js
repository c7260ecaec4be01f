// types: f32[]
// expect: unsupported 4:10
function callsIndex(x) {
  x[0] = gpu.threadIdx.x();
}
