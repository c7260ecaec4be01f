// types: f32[]
// expect: invalid-assignment 4:7
function redeclares(x) {
  let x = 1;
}
