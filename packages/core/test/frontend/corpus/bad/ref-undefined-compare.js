// types: f32[]
// expect: unsupported 4:16
function undefinedCompare(x) {
  if (x[5] === undefined) x[0] = 1;
}
