// types: f32[]
// expect: type-mismatch 4:3
function printsArray(x) {
  console.log('%f', x);
}
