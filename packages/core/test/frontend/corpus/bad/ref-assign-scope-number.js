// types: f32[]
// expect: invalid-assignment 5:3
// scope: limit
function raisesLimit(x) {
  limit = 3;
}
