// types: f32[]
// expect: type-mismatch 4:3
function floatAnd(x) {
  gpu.atomicAnd(x, 0, 1);
}
