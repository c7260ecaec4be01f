// types: f32[]
// expect: unsupported 4:10
function optionalIndex(x) {
  x[0] = x?.[1];
}
