// types: f32[]
// expect: unsupported 4:15
function printsTooFew(x) {
  console.log('%d and %f', x[0]);
}
