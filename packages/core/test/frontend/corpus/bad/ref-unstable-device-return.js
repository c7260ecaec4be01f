// types: f32[], i32
// expect: unstable-type 8:14
function returnsTwoKinds(x, n) {
  x[0] = pick(n).v;
}

function pick(n) {
  if (n > 0) return { v: 1 };
  return { v: 1, w: 2 };
}
