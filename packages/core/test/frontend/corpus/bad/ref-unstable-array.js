// types: f32[], i32[], i32
// expect: unstable-type 6:3
function switchesArray(x, y, n) {
  let a = x;
  if (n > 0) a = y;
  a[0] = 1;
}
