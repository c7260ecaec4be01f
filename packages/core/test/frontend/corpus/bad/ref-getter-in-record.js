// types: f32[]
// expect: unsupported 4:15
function getterRecord(x) {
  const r = { get a() { return 1; } };
}
