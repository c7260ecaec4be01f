// types: f32[]
// expect: invalid-assignment 5:3
// scope: point
function movesPoint(x) {
  point.x = 3;
}
