// types: f32[]
// expect: unsupported 5:11
// scope: point
function defaultField(out) {
  const { x = 0 } = point;
  out[0] = x;
}
