import { describe, expect, it, vi } from 'vitest';
import type { KernelSource } from '../../src/frontend/source.js';

// Every parse, by source: inference asks each callee for its parameter range at each call.
const parses = new Map<KernelSource, number>();
vi.mock('../../src/frontend/parse.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/frontend/parse.js')>();
  return {
    ...actual,
    parseFunction: (source: KernelSource) => {
      parses.set(source, (parses.get(source) ?? 0) + 1);
      return actual.parseFunction(source);
    },
  };
});

const { inferKernel } = await import('../../src/index.js');

describe('parsing during inference', () => {
  it('parses a device function called at many sites a bounded number of times, not once per call', () => {
    function twice(x: number): number {
      return x * 2;
    }
    const calls = Array.from({ length: 12 }, (_, k) => `  a[${k}] = twice(a[${k}]);`).join('\n');
    inferKernel(
      { text: `function k(a) {\n${calls}\n}`, file: 'many-calls.js' },
      { types: ['f32[]'] },
      { scope: { twice } },
    );
    expect(parses.size).toBeGreaterThan(1);
    expect(Math.max(...parses.values())).toBeLessThanOrEqual(2);
  });
});
