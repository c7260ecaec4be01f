// types: f32[]
// expect: invalid-assignment 5:3
function addsToConst(x) {
  const c = 1;
  c += 2;
}
