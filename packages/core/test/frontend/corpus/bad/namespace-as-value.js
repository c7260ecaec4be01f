// types: f32[]
// expect: unsupported 4:13
function namespaceValue(x) {
  const m = Math;
}
