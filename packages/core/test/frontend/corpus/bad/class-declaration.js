// types: f32[]
// expect: unsupported 4:3
function declaresClass(x) {
  class A {}
}
