// types: i64[]
// expect: type-mismatch 4:10
function mixes(x) {
  x[0] = x[1] + 1;
}
