// types: f32[]
// expect: unsupported 4:7
function regexMethod(x) {
  if (/a+/.test('aaa')) x[0] = 1;
}
