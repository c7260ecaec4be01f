// types: f32[], i32
// expect: invalid-assignment 6:10
function maybeUnset(x, n) {
  let v;
  if (n > 0) v = 1;
  x[0] = v;
}
