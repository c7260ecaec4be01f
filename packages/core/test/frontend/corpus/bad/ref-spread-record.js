// types: f32[]
// expect: unsupported 5:15
function spreadRecord(x) {
  const p = { a: 1 };
  const r = { ...p, b: 2 };
}
