// types: f32[]
// expect: unsupported 4:3
function usesVar(x) {
  var a = 1;
  x[0] = a;
}
