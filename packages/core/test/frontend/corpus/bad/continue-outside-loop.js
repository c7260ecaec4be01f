// types: f32[]
// expect: bad-jump 5:5
function continues(x) {
  if (x[0] > 0) {
    continue;
  }
}
