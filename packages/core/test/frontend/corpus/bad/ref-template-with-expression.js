// types: f32[]
// expect: unsupported 4:10
function templateValue(x) {
  x[0] = `v${x[1]}`.length;
}
