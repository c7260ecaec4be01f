// types: f32[], i32
// expect: unstable-type 8:14
function returnsEither(x, n) {
  either(x, n);
}

function either(x, n) {
  if (n > 0) return x;
  return 1;
}
