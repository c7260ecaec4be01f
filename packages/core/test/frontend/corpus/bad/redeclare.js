// types: f32[]
// expect: invalid-assignment 5:7
function redeclares(x) {
  let a = 1;
  let a = 2;
}
