// types: f32[]
// expect: unsupported 3:19
function defaults(x = 1) {
  return x;
}
