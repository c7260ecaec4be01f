// types: f32[]
// expect: not-constant 4:30
function fractionalLength(x) {
  const a = new Float32Array(2.5);
}
