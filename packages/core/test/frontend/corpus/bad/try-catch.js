// types: f32[]
// expect: unsupported 4:3
function tries(x) {
  try {
    x[0] = 1;
  } catch (e) {}
}
