// types: f32[]
// expect: arity 4:10
function defaults(x) {
  x[0] = scaled(2);
}

function scaled(k = 1, v) {
  return k * v;
}
