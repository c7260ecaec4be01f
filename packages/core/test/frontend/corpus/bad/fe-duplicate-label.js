// types: f32[]
// expect: syntax 4:3
function twice(x) {
  outer:
  outer: for (let i = 0; i < 2; i++) break outer;
  x[0] = 1;
}
