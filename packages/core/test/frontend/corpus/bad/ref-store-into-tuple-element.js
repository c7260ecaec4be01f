// types: f32[]
// expect: invalid-assignment 5:3
function storesTuple(x) {
  const t = [1, 2];
  t[0] += 1;
}
