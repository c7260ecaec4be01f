// types: f32[]
// expect: unsupported 6:3
function swaps(x) {
  let a = 1;
  let b = 2;
  [a, b] = [b, a];
  x[0] = a;
}
