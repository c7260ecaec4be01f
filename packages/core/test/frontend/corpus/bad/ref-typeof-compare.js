// types: f32[]
// expect: unsupported 4:7
function typeofCompare(x) {
  if (typeof x === 'object') x[0] = 1;
}
