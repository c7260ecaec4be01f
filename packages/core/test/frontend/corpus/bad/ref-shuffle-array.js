// types: f32[]
// expect: type-mismatch 4:10
function shufflesArray(x) {
  x[0] = gpu.shuffle(x, 1);
}
