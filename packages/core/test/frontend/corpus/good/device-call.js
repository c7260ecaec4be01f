// types: f32[]
// scope: square
function usesHelper(x) {
  const i = gpu.globalIdx.x;
  x[i] = square(x[i]) + square(2);
}
