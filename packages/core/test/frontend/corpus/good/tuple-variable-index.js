// types: f32[], i32
function tupleVariable(x, i) {
  const t = [1, 2];
  x[0] = t[i];
}
