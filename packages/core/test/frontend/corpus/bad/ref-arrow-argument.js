// types: f32[]
// expect: unsupported 5:16
// scope: apply
function arrowArgument(x) {
  x[0] = apply((v) => v * 2, 3);
}
