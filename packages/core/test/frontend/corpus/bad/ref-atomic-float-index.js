// types: f32[]
// expect: no-method 4:3
function atomicFloatIndex(x) {
  gpu.atomicAdd(x, 0.5, 1);
}
