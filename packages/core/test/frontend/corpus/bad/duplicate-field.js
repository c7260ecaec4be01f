// types: f32[]
// expect: unsupported 4:21
function duplicateField(x) {
  const o = { a: 1, a: 2 };
}
