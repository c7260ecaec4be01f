// types: f32[]
function localHistogram(x) {
  const bins = new Int32Array(8);
  for (let i = 0; i < x.length; i++) {
    const b = Math.min(Math.max(x[i] * 8 | 0, 0), 7);
    bins[b]++;
  }
  for (let b = 0; b < 8; b++) x[b] = bins[b];
}
