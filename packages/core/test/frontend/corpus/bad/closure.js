// types: f32[]
// expect: unsupported 4:13
function makesClosure(x) {
  const f = (v) => v * 2;
  x[0] = 1;
}
