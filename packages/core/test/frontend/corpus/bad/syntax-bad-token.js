// types: f32[]
// expect: syntax 4:13
function broken2(x) {
  x[0] = 1 +;
}
