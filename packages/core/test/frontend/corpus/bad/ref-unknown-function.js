// types: f32[]
// expect: unknown-name 4:10
function clamped(x) {
  x[0] = clamp(x[0], 0, 1);
}
