// types: f32[]
// expect: unsupported 4:13
function absValue(x) {
  const f = Math.abs;
  x[0] = f(1);
}
