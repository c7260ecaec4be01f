// types: f32[]
// expect: bad-index 5:12
function sharedOverrun(x) {
  const s = gpu.sharedArray(Float32Array, 256);
  x[0] = s[256];
}
