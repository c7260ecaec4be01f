// types: f32[]
function tuples(x) {
  const pair = [x[0], x[1]];
  const [a, b] = pair;
  x[2] = a * b + pair[0];
}
