// types: f64[], i32
// scope: hugeTable
// expect: too-large 5:12
function hugeTuple(out, i) {
  out[0] = hugeTable[i];
}
