// types: f32[]
// expect: arity 4:10
function wrongArity(x) {
  x[0] = twice(1, 2);
}

function twice(v) {
  return v * 2;
}
