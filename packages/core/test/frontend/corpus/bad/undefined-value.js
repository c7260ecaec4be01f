// types: f32[]
// expect: unsupported 4:10
function undefineds(x) {
  x[0] = undefined;
}
