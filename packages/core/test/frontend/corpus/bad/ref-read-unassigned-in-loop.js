// types: f32[]
// expect: invalid-assignment 4:7
function readsUnassigned(x) {
  let v;
  for (let i = 0; i < 4; i++) {
    if (i > 0) x[i] = v;
  }
}
