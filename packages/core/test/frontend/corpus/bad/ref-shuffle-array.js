// types: f32[]
// expect: no-method 4:10
function shufflesArray(x) {
  x[0] = gpu.shuffle(x, 1);
}
