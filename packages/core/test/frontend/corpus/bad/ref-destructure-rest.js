// types: f32[]
// expect: unsupported 4:13
function restElement(x) {
  const [a, ...rest] = [1, 2, 3];
  x[0] = a;
}
