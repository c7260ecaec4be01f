// types: f32[]
// expect: bad-index 4:20
function atomicFloatIndex(x) {
  gpu.atomicAdd(x, 0.5, 1);
}
