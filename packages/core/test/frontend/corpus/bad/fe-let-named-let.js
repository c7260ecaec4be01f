// types: f32[]
// expect: syntax 4:7
function letLet(x) {
  let let = 1;
  x[0] = let;
}
