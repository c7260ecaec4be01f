// types: f32[], f32[], i32
// expect: unstable-type 6:10
function unstable(x, y, n) {
  let a = x;
  if (n > 0) a = 1;
  return a;
}
