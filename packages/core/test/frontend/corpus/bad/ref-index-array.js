// types: f32[], i32[]
// expect: bad-index 4:12
function indexArray(x, y) {
  x[0] = x[y];
}
