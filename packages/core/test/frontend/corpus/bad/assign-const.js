// types: f32[]
// expect: invalid-assignment 5:3
function assignsConst(x) {
  const a = 1;
  a = 2;
}
