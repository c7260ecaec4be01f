// types: f32[]
// expect: unsupported 4:13
function newArray(x) {
  const a = new Array(4);
}
