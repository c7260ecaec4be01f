// types: f32[]
// expect: bad-index 4:5
function indexBoolean(x) {
  x[true] = 1;
}
