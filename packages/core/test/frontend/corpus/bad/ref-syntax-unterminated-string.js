// types: f32[]
// expect: syntax 4:13
function unterminated(x) {
  const s = 'abc;
}
