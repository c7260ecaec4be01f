// types: f32[]
// expect: type-mismatch 4:10
function strings(x) {
  x[0] = 'a' * 2;
}
