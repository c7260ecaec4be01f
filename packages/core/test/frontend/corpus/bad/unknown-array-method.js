// types: f32[]
// expect: unknown-member 4:3
function arrayMethod(x) {
  x.fill(0);
}
