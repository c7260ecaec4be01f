// types: f32[]
// expect: unsupported 4:24
function regexRecord(x) {
  const r = { pattern: /x/g };
}
