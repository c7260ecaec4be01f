// types: f32[]
// expect: unsupported 4:23
function throwsTypeError(x) {
  if (x[0] < 0) throw new TypeError('negative');
}
