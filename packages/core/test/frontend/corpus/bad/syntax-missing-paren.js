// types: f32[]
// expect: syntax 4:16
function broken(x) {
  if (x[0] > 1 { x[0] = 1; }
}
