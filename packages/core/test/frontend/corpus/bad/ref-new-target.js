// types: f32[]
// expect: unsupported 4:7
function newTarget(x) {
  if (new.target) x[0] = 1;
}
