// types: f32[]
// expect: invalid-assignment 4:3
function setsLength(x) {
  x.length = 3;
}
