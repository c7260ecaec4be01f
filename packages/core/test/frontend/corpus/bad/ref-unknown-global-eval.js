// types: f32[]
// expect: unknown-name 4:10
function evaluates(x) {
  x[0] = eval('1');
}
