// types: f32[]
// expect: unsupported 4:13
function newMap(x) {
  const m = new Map();
}
