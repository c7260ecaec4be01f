// types: f32[]
// expect: arity 4:10
function callsShort(x) {
  x[0] = addThree(1, 2);
}

function addThree(a, b, c) {
  return a + b + c;
}
