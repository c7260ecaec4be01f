// types: f33[]
// expect: bad-argument 3:1
function badType(x) {
  x[0] = 1;
}
