// types: f32[]
// expect: unsupported 4:3
function usingDeclaration(x) {
  using r = x;
}
