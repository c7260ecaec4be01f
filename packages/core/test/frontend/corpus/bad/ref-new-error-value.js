// types: f32[]
// expect: unsupported 4:13
function errorValue(x) {
  const e = new Error('bad');
}
