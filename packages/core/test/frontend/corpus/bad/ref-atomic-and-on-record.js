// types: f32[]
// expect: no-method 5:3
// scope: point
function atomicRecord(x) {
  gpu.atomicAnd(point, 0, 1);
}
