// types: f32[]
// expect: unsupported 4:13
function readsSqrt(x) {
  const f = Math.sqrt;
}
