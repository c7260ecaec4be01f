// types: f32[]
// expect: type-mismatch 4:21
function printsString(x) {
  console.log('%d', 'a');
}
