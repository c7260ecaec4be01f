// types: f32[]
// expect: not-constant 4:30
function emptyLocal(x) {
  const t = new Float32Array(0);
}
