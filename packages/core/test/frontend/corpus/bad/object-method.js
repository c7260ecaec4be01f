// types: f32[]
// expect: unsupported 4:15
function objectMethod(x) {
  const o = { f() { return 1; } };
}
