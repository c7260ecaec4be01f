// types: f32[]
// expect: syntax 4:10
function leadingZero(x) {
  x[0] = 09;
}
