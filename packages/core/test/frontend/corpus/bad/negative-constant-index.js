// types: f64[]
// expect: bad-index 4:5
function lastOfNothing(o) {
  o[-1] = o[0];
}
