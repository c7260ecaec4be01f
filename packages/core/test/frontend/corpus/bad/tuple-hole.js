// types: f32[]
// expect: unsupported 4:13
function hole(x) {
  const t = [1, , 2];
}
