// types: f32[]
// expect: unsupported 4:3
function withBlock(x) {
  with (x) {
    x[0] = 1;
  }
}
