// types: f32[], f32[]
// expect: invalid-assignment 3:24
function duplicated(x, x) {
  x[0] = 1;
}
