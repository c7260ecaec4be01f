// types: f32[]
// expect: unknown-member 4:13
function readsBuffer(x) {
  const b = x.buffer;
}
