// types: f32[]
// expect: invalid-assignment 4:3
function assignsOuter(x) {
  counter = 2;
}
