// types: f32[]
// expect: unsupported 4:15
function setterRecord(x) {
  const r = { set a(v) {} };
}
