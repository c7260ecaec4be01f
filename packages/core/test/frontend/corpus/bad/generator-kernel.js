// types: f32[]
// expect: unsupported 3:1
function* gen(x) {
  x[0] = 1;
}
