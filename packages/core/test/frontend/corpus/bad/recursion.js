// types: f32[]
// expect: recursion 8:23
function callsRecursive(x) {
  x[0] = depth(3);
}

function depth(n) {
  return n <= 0 ? 0 : depth(n - 1) + 1;
}
