// types: f32[], i32
// expect: unstable-type 4:13
function ternaryArray(x, n) {
  const a = n > 0 ? x : 1;
  x[0] = 1;
}
