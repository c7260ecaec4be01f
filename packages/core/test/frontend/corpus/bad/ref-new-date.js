// types: f32[]
// expect: unsupported 4:10
function newDate(x) {
  x[0] = new Date().getTime();
}
