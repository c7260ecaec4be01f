// types: f32[]
// expect: unsupported 4:3
function deletes(x) {
  delete x[0];
}
