// types: f32[]
// expect: unsupported 4:10
function optionalCall(x) {
  x[0] = Math.max?.(1, 2);
}
