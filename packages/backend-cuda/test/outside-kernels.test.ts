// Kernels written apart from the corpus (core's test/outside-kernels.ts) through the CUDA
// back-end: each compiles to PTX that ptxas assembles for sm_80 (skipped without ptxas). On an
// NVIDIA GPU, test/gpu/suite.ts runs them there against the reference runner.
import { type KernelType, typeOfValue } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { OUTSIDE_KERNELS } from '../../core/test/outside-kernels.js';
import { assemblePTX } from '../src/index.js';
import { hasPtxas, ptx } from './helpers.js';

const kernels = OUTSIDE_KERNELS.map((k) => [k.name, k] as const);

describe('kernels written apart from the corpus, on CUDA', () => {
  it.skipIf(!hasPtxas).each(kernels)('%s: PTX that ptxas assembles', (_, k) => {
    const types = k.args().map((value) => typeOfValue(value));
    expect(types).not.toContain(undefined);
    for (const text of [k.text, ...(k.second ? [k.second.text] : [])]) {
      const code = ptx(text, types as KernelType[], { scope: k.scope?.(), file: k.file });
      expect(assemblePTX(code, 'sm_80').subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    }
  });
});
