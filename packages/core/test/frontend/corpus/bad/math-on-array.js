// types: f32[]
// expect: no-method 4:10
function sqrtOfArray(x) {
  x[0] = Math.sqrt(x);
}
