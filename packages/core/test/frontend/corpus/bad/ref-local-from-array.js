// types: f32[]
// expect: not-constant 4:30
function copiesArray(x) {
  const a = new Float32Array(x);
}
