// types: f32[]
// expect: bad-argument 5:10
// scope: label
function labelLength(x) {
  x[0] = label.length;
}
