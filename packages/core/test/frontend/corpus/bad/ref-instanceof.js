// types: f32[]
// expect: unsupported 4:7
function isArray(x) {
  if (x instanceof Float32Array) x[0] = 1;
}
