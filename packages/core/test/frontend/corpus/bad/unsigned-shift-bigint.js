// types: i64[]
// expect: type-mismatch 4:10
function shiftsBig(x) {
  x[0] = x[1] >>> 1n;
}
