// types: f32[], i32
function defaultParameters(x, n) {
  const i = gpu.globalIdx.x;
  if (i < n) x[i] = lerp(x[i], 1) + lerp(x[i], 1, 0.25) + dot({ x: x[i], y: 2 }, [3, 4]);
}

function lerp(a, b, t = 0.5) {
  return a + (b - a) * t;
}

function dot({ x, y }, [a, b] = [1, 1]) {
  return x * a + y * b;
}
