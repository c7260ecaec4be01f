// types: f32[]
function destructure(x) {
  const { lo, hi } = { lo: x[0], hi: x[1] };
  const [first, second] = [lo + hi, lo - hi];
  x[2] = first * second;
}
