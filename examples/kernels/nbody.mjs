// One step of an n-body simulation in f64: each thread sums the softened gravity of every body
// on its own, then moves it (new positions and velocities go to separate arrays, so that no
// thread reads what another wrote).
import { gpu } from '@gpuc/core';

export function nbodyStep(pos, vel, nextPos, nextVel, n, dt) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  const xi = pos[i * 4];
  const yi = pos[i * 4 + 1];
  const zi = pos[i * 4 + 2];
  let ax = 0.0;
  let ay = 0.0;
  let az = 0.0;
  for (let j = 0; j < n; j++) {
    const dx = pos[j * 4] - xi;
    const dy = pos[j * 4 + 1] - yi;
    const dz = pos[j * 4 + 2] - zi;
    const d2 = dx * dx + dy * dy + dz * dz + 0.01;
    const inv = 1.0 / Math.sqrt(d2);
    const s = pos[j * 4 + 3] * inv * inv * inv;
    ax += dx * s;
    ay += dy * s;
    az += dz * s;
  }
  const vx = vel[i * 3] + ax * dt;
  const vy = vel[i * 3 + 1] + ay * dt;
  const vz = vel[i * 3 + 2] + az * dt;
  nextVel[i * 3] = vx;
  nextVel[i * 3 + 1] = vy;
  nextVel[i * 3 + 2] = vz;
  nextPos[i * 4] = xi + vx * dt;
  nextPos[i * 4 + 1] = yi + vy * dt;
  nextPos[i * 4 + 2] = zi + vz * dt;
  nextPos[i * 4 + 3] = pos[i * 4 + 3];
}

const n = 2048;

/** n bodies on a jittered sphere, each with a mass (x, y, z, m) and a small tangential velocity. */
export function sphere(n) {
  const pos = new Float64Array(n * 4);
  const vel = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const theta = (i * 2.399963) % (2 * Math.PI);
    const z = 1 - (2 * i + 1) / n;
    const r = Math.sqrt(1 - z * z) * (1 + 0.1 * Math.sin(i));
    pos.set([r * Math.cos(theta), r * Math.sin(theta), z, 1 / n], i * 4);
    vel.set([-Math.sin(theta) * 0.1, Math.cos(theta) * 0.1, 0], i * 3);
  }
  return { pos, vel };
}

export default {
  name: 'n-body step',
  kernel: nbodyStep,
  grid: n / 128,
  block: 128,
  args: () => {
    const { pos, vel } = sphere(n);
    return [pos, vel, new Float64Array(n * 4), new Float64Array(n * 3), n, 0.001];
  },
};
