// types: f32[]
// expect: unsupported 5:7
// scope: point
function hasField(x) {
  if ('x' in point) x[0] = 1;
}
