// types: u64[], i32[]
// expect: type-mismatch 4:10
function finiteBig(b, y) {
  y[0] = Number.isFinite(b[0]) ? 1 : Number.isNaN(b[1]) ? 2 : 3;
}
