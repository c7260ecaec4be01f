// types: f32[]
// expect: invalid-assignment 5:3
function bump(x) {
  const n = 1;
  n++;
  x[0] = n;
}
