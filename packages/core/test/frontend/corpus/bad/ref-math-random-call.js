// types: f32[]
// expect: type-mismatch 4:24
function randomNumber(x) {
  x[gpu.globalIdx.x] = Math.random() * 2;
}
