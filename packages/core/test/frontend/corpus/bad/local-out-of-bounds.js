// types: f32[]
// expect: bad-index 5:12
function localBounds(x) {
  const t = new Float32Array(4);
  x[0] = t[4];
}
