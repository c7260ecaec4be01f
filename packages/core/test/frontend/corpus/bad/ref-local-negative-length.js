// types: f32[]
// expect: not-constant 4:30
function negativeLength(x) {
  const a = new Float32Array(-1);
}
