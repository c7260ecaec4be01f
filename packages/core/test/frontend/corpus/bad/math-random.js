// types: f32[]
// expect: type-mismatch 4:10
function random(x) {
  x[0] = Math.random();
}
