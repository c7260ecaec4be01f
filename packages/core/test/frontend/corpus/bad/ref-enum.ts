// types: f32[]
// expect: unsupported 4:3
function withEnum(x: Float32Array) {
  enum Color {
    Red,
  }
  x[0] = 1;
}
