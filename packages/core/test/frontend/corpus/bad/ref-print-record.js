// types: f32[]
// expect: type-mismatch 5:21
// scope: point
function printsRecord(x) {
  console.log('%f', point);
}
