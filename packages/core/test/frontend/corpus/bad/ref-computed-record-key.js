// types: f32[]
// expect: unsupported 5:15
function computedKey(x) {
  const k = 'a';
  const r = { [k]: 1 };
}
