// types: f32[]
// expect: type-mismatch 4:10
function maxOfArray(x) {
  x[0] = Math.max(x, 1);
}
