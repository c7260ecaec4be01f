// A kernel of one long basic block reaches AMDGPU's machine scheduler in regions of bounded size
// (a `sched.barrier(0)` every REGION_INSTRUCTIONS instructions), whose cost grows with the square
// of a region's length; short blocks are left as they are.
import { createCompiler } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { testCompile } from '../../core/test/jobs.js';
import { RocmPlugin } from '../src/index.js';
import { REGION_INSTRUCTIONS } from '../src/target/regions.js';

const compiler = createCompiler().use(new RocmPlugin());
function compile(text: string) {
  return testCompile(compiler, 'rocm', text, ['f32[]', 'f32[]', 'i32']);
}

/** A kernel of `lines` independent loads and arithmetic in one block. */
function straight(lines: number): string {
  const body = Array.from(
    { length: lines },
    (_, k) => `  acc += Math.sqrt(x[(i + ${k}) % n]) / (x[(i + ${k * 7}) % n] + ${k});`,
  );
  return [
    'function straight(x, y, n) {',
    '  const i = gpu.globalIdx.x;',
    '  let acc = f32(0);',
    ...body,
    '  y[i] = acc;',
    '}',
  ].join('\n');
}

/** The instruction counts between region boundaries in each block of the kernel's IR. */
function regions(ir: string): number[] {
  const body = ir.slice(ir.indexOf('define amdgpu_kernel'), ir.indexOf('\n}\n'));
  const sizes: number[] = [];
  for (const block of body.split(/\n\n/)) {
    let size = 0;
    for (const line of block.split('\n').slice(1)) {
      if (line.includes('@llvm.amdgcn.sched.barrier(i32 0)')) {
        sizes.push(size);
        size = 0;
      } else if (/^ {2}\S/.test(line)) size++;
    }
    sizes.push(size);
  }
  return sizes;
}

describe('scheduling regions on ROCm', () => {
  it('splits one long block into regions of at most REGION_INSTRUCTIONS instructions', () => {
    const result = compile(straight(200));
    const sizes = regions(result.ir);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(2 * REGION_INSTRUCTIONS);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(REGION_INSTRUCTIONS);
    expect(sizes.length).toBeGreaterThanOrEqual(Math.ceil(total / REGION_INSTRUCTIONS));
    // (LLVM's assembly without comments does not show the barriers, which emit no instruction.)
    expect(result.output as string).toMatch(/^straight:/m);
  });

  it('leaves blocks of ordinary length as they are', () => {
    const result = compile(straight(20));
    expect(result.ir).not.toMatch(/sched\.barrier/);
  });
});
