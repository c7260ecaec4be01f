// Gravitational forces by automatic differentiation: each thread differentiates the potential
// energy of its body (in f64, softened) with respect to the body's position, in reverse mode;
// the force is minus that gradient. The summary compares it with Newton's law written out.
import { gpu } from '@gpuc/core';
import { Active, autodiff, Const, Reverse } from '@gpuc/enzyme-ad';
import { sphere } from './nbody.mjs';

/** The potential energy body i at (x, y, z) has with every body (m / r, softened). */
export function potential(x, y, z, pos, n) {
  let u = 0.0;
  for (let j = 0; j < n; j++) {
    const dx = pos[j * 4] - x;
    const dy = pos[j * 4 + 1] - y;
    const dz = pos[j * 4 + 2] - z;
    u -= pos[j * 4 + 3] / Math.sqrt(dx * dx + dy * dy + dz * dz + 0.01);
  }
  return u;
}

export function forces(pos, force, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  const [gx, gy, gz] = autodiff(
    Reverse,
    potential,
    Active(pos[i * 4]),
    Active(pos[i * 4 + 1]),
    Active(pos[i * 4 + 2]),
    Const(pos),
    Const(n),
  );
  force[i * 3] = -gx;
  force[i * 3 + 1] = -gy;
  force[i * 3 + 2] = -gz;
}

const n = 2048;

/** Newton's law, summed in plain JavaScript: the largest difference from the computed forces. */
function lawDifference(pos, force) {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const f = [0, 0, 0];
    for (let j = 0; j < n; j++) {
      const d = [0, 1, 2].map((k) => pos[j * 4 + k] - pos[i * 4 + k]);
      const r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] + 0.01;
      const s = pos[j * 4 + 3] / (r2 * Math.sqrt(r2));
      for (let k = 0; k < 3; k++) f[k] += d[k] * s;
    }
    for (let k = 0; k < 3; k++)
      worst = Math.max(worst, Math.abs(force[i * 3 + k] - f[k]) / (1e-3 + Math.abs(f[k])));
  }
  return worst;
}

export default {
  name: 'forces by autodiff',
  kernel: forces,
  scope: { potential },
  grid: n / 128,
  block: 128,
  args: () => [sphere(n).pos, new Float64Array(n * 3), n],
  // The derivative sums terms in another order than the reference's JavaScript.
  ulps: 64,
  summary: ([pos, force]) => `Newton's law to ${lawDifference(pos, force).toExponential(0)}`,
};
