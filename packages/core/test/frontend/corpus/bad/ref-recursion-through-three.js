// types: f32[]
// expect: recursion 16:18
function cycles(x) {
  x[0] = first(3);
}

function first(n) {
  return second(n);
}

function second(n) {
  return third(n);
}

function third(n) {
  return n > 0 ? first(n - 1) : 0;
}
