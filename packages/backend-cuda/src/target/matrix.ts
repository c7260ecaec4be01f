/**
 * The warp matrix operations before Ampere: `mma.m16n8k16` needs sm_80, so for older devices
 * an overlay refuses every `gpu.matrix*` entry with a coded error naming the architecture.
 */
import { type Job, type MethodTable, matrixRefusals } from '@gpuc/core/compiler';

/** The oldest compute capability whose tensor cores run the matrix operations. */
export const MATRIX_CAPABILITY = 80;

/** The overlay a job needs: the refusals where its architecture predates sm_80. */
export function matrixOverlays(beforeAmpere: MethodTable, job: Job): MethodTable[] {
  return Number.parseInt(job.target.cpu.slice('sm_'.length), 10) < MATRIX_CAPABILITY ? [beforeAmpere] : [];
}

/** The refusals for architectures before sm_80 (made when the plugin is applied). */
export const beforeAmpereRefusals = () =>
  matrixRefusals('CUDA before sm_80 (tensor-core matrix operations need compute capability 8.0)');
