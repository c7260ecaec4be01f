// types: f32[]
// expect: unsupported 5:5
function classInLoop(x) {
  for (let i = 0; i < 2; i++) {
    class Point {}
  }
}
