// types: f32[]
// expect: unknown-name 4:10
function mathSquare(x) {
  x[0] = Math.square(x[0]);
}
