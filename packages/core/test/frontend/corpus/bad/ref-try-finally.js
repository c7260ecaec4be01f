// types: f32[]
// expect: unsupported 4:3
function tryFinally(x) {
  try {
    x[0] = 1;
  } finally {
    x[1] = 2;
  }
}
