/**
 * The warp matrix operations before Ampere: `mma.m16n8k16` needs sm_80, so for older devices
 * an overlay refuses every `gpu.matrix*` entry with a coded error naming the architecture.
 */
import { catalogueEntries, type Job, MethodTable } from '@gpuc/core/compiler';

/** The oldest compute capability whose tensor cores run the matrix operations. */
export const MATRIX_CAPABILITY = 80;

const beforeAmpere = new MethodTable('cuda before sm_80');
for (const [name, { signature }] of catalogueEntries()) {
  if (!name.startsWith('gpu.matrix') || signature === 'variadic') continue;
  beforeAmpere.define(
    name,
    signature,
    {
      kind: 'unsupported',
      target: 'CUDA before sm_80 (tensor-core matrix operations need compute capability 8.0)',
    },
    '@gpuc/backend-cuda: matrix operations need sm_80',
  );
}

/** The overlay a job needs: the refusals where its architecture predates sm_80. */
export function matrixOverlays(job: Job): MethodTable[] {
  return Number.parseInt(job.target.cpu.slice('sm_'.length), 10) < MATRIX_CAPABILITY ? [beforeAmpere] : [];
}
