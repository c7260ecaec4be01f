// types: f32[]
// expect: invalid-assignment 4:3
function ownName(x) {
  ownName = 1;
}
