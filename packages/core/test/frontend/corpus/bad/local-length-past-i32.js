// types: f32[]
// expect: too-large 4:28
function tooLong(x) {
  const a = new Uint8Array(2 ** 32 + 1);
  x[0] = a.length;
}
