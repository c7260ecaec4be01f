// types: f32[]
// expect: unsupported 4:10
function voidValue(x) {
  x[0] = void 0;
}
