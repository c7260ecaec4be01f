// types: f32[,]
// expect: bad-index 4:13
function viewBracket(m) {
  const v = m[0];
}
