// types: f32[]
// expect: invalid-assignment 5:3
function incrementsConst(x) {
  const c = 1;
  c++;
}
