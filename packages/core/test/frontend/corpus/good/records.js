// types: f32[]
function records(x) {
  const p = { x: x[0], y: x[1] };
  const q = { x: p.x * 2, y: p.y + 1 };
  x[2] = q.x + q.y;
}
