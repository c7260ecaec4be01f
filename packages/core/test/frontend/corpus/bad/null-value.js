// types: f32[]
// expect: unsupported 4:13
function nulls(x) {
  const v = null;
}
