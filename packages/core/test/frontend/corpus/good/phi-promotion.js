// types: f32[], i32
function promoted(x, n) {
  let v = 0;
  if (n > 0) v = x[0];
  x[1] = v;
}
