// types: f32[]
// expect: type-mismatch 5:3
// scope: point
function callsRecord(x) {
  point();
}
