// types: f32[]
// expect: unsupported 4:3
function outer(x) {
  function inner(v) { return v; }
  x[0] = 1;
}
