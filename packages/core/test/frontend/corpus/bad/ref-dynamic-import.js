// types: f32[]
// expect: unsupported 4:3
function dynamicImport(x) {
  import('node:fs');
}
