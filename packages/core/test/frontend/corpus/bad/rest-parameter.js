// types: f32[]
// expect: unsupported 3:15
function rest(...x) {
  return 1;
}
