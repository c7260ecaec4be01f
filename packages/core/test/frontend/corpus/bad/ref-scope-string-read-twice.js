// types: f32[]
// expect: unknown-member 5:10
// scope: label
function labelLength(x) {
  x[0] = label.size;
}
