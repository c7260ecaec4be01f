// types: f32[]
// expect: unsupported 4:18
function functionInRecord(x) {
  const r = { f: function () {} };
}
