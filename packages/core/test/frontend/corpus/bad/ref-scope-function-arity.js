// types: f32[]
// expect: arity 5:10
// scope: square
function squareTwo(x) {
  x[0] = square(1, 2);
}
