// types: f32[]
// expect: type-mismatch 8:10
function callsBadHelper(x) {
  x[0] = halve(x);
}

function halve(v) {
  return v / 2;
}
