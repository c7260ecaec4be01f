// types: f32[]
// expect: bad-argument 5:13
// scope: clamped
function readsClamped(x) {
  const l = clamped;
}
