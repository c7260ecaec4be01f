// types: f32[]
// expect: bad-index 4:12
function floatIndex(x) {
  x[0] = x[0.5];
}
