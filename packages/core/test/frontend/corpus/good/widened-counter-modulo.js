// types: f32[], u32
function wrapAround(x, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i % x.length] + x[(i * 3 + 1) % 5];
  x[0] = s;
}
