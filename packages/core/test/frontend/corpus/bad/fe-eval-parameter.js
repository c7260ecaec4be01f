// types: f32[], i32
// expect: syntax 3:23
function evalParam(x, eval) {
  x[0] = eval;
}
