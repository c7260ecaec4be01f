// types: f32[]
// expect: type-mismatch 4:7
function comparesStrings(x) {
  if ('a' < 'b') x[0] = 1;
}
