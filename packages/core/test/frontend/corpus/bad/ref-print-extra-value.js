// types: f32[]
// expect: unsupported 4:15
function printsTooMany(x) {
  console.log('x = %d', x[0], x[1]);
}
