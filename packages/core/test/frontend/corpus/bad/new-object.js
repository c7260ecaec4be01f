// types: f32[]
// expect: unsupported 4:13
function allocates(x) {
  const m = new Map();
}
