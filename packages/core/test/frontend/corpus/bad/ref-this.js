// types: f32[]
// expect: unsupported 4:10
function usesThis(x) {
  x[0] = this.scale;
}
