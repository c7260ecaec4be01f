// types: f32[]
// expect: syntax 4:10
function octal(x) {
  x[0] = 017;
}
