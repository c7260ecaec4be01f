// types: f32[]
// expect: unknown-member 5:10
// scope: point
function recordLength(x) {
  x[0] = point.length;
}
