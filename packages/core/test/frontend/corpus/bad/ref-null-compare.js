// types: f32[]
// expect: unsupported 4:16
function nullCompare(x) {
  if (x[0] === null) x[0] = 1;
}
