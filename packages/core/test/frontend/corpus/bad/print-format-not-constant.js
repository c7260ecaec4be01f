// types: f32[]
// expect: unsupported 5:3
function printsVariable(x) {
  const f = 'a';
  console.log(f);
}
