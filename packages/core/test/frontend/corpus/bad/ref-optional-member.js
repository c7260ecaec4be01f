// types: f32[]
// expect: unsupported 4:10
function optionalMember(x) {
  x[0] = x?.length;
}
