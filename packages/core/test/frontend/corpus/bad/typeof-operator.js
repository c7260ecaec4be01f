// types: f32[]
// expect: unsupported 4:13
function typeOf(x) {
  const t = typeof x;
}
