// types: f32[]
// expect: syntax 6:2
function missingBrace(x) {
  if (x[0] > 0) {
    x[0] = 1;
}
