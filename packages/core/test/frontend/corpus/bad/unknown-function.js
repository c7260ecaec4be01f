// types: f32[]
// expect: unknown-name 4:10
function callsUnknown(x) {
  x[0] = notDefinedAnywhere(x[1]);
}
