// types: f32[], f32[]
// expect: type-mismatch 4:16
function compareArrays(x, y) {
  const same = x < y;
}
