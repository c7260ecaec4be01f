// types: f32[]
// expect: type-mismatch 4:21
function printsArray(x) {
  console.log('%f', x);
}
