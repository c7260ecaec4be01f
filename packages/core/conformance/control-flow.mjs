// Conformance: loops, labels, switch with fall-through, early returns, short-circuits.
export default {
  name: 'control-flow',
  description: 'loops, labels, switch with fall-through, early returns, short-circuits',
  source: `function controlFlow(a, out) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  let s = 0;
  outer: for (let j = 0; j < a.length; j++) {
    for (let k = 0; k < 4; k++) {
      if (a[j] < 0 && k === 1) continue outer;
      if (a[j] > 40) break outer;
      s += a[j] * k;
    }
  }
  let w = i;
  while (w > 1) w = w % 2 === 0 ? w / 2 : 3 * w + 1;
  let d = 0;
  do { d++; } while (d < i);
  switch (i % 4) {
    case 0: s += 1; break;
    case 1: s += 10;
    case 2: s += 100; break;
    default: s -= 1;
  }
  out[i] = s + w + d + (i > 3 || a[i] < 0 ? 0.5 : 0);
}`,
  grid: 1,
  block: 12,
  args: () => [Int32Array.from([3, -4, 5, 9, -1, 12, 44, 2, 8, 1, 0, 7]), new Float64Array(12)],
};
