// types: f32[]
// expect: unsupported 4:10
function importMeta(x) {
  x[0] = import.meta.url.length;
}
