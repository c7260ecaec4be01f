// types: f32[]
// expect: unsupported 3:1
async function later(x) {
  x[0] = 1;
}
