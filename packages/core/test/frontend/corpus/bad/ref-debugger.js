// types: f32[]
// expect: unsupported 4:3
function stops(x) {
  debugger;
  x[0] = 1;
}
