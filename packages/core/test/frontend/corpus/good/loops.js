// types: f64[], i32
function loops(out, n) {
  let sum = 0.0;
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) continue;
    sum += i * 0.5;
  }
  let j = 0;
  while (j < n) {
    j += 2;
  }
  let k = 10;
  do {
    k--;
  } while (k > 0);
  out[0] = sum + j + k;
}
