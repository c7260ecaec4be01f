// types: f32[]
// expect: type-mismatch 4:10
function negatesArray(x) {
  x[0] = -x;
}
