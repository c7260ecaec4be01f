// types: f32[], i32
// expect: unstable-type 4:14
function returnsEither(x, n) {
  if (n > 0) return x;
  return 1;
}
