// types: f32[]
// expect: unknown-member 5:10
// scope: point
function recordMethod(x) {
  x[0] = point.norm();
}
