// types: f32[]
// expect: unsupported 4:8
function varLoop(x) {
  for (var i = 0; i < 4; i++) x[i] = 0;
}
