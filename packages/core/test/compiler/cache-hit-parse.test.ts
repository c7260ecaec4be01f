import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSync } from 'oxc-parser';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  compileJob,
  createJob,
  DiskCache,
  defaultCompiler,
  gpu,
  type KernelType,
  parseType,
  sourceFromText,
} from '../../src/index.js';

// Every parse goes through oxc's parseSync: counted on the way, the parser itself running.
vi.mock('oxc-parser', async (original) => {
  const parser = await original<typeof import('oxc-parser')>();
  return { ...parser, parseSync: vi.fn(parser.parseSync) };
});

const dir = mkdtempSync(join(tmpdir(), 'gpuc-hit-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a cache hit', () => {
  const compiler = defaultCompiler();
  const types = ['f32[]', 'f32[]', 'i32'].map((t) => parseType(t) as KernelType);
  // A helper with a default parameter: lowered for the arguments a call passes, not its declared count.
  const scope = { scaled: new Function('gpu', 'return function scaled(v, k = 3) { return v * k; }')(gpu) };
  it.each([
    ['from disk', { cache: new DiskCache(dir), memory: false }],
    ['from memory', {}],
  ])('%s parses neither the kernel nor its helpers again', (_, options) => {
    const job = createJob(
      sourceFromText(
        'function k(x, y, n) { const i = gpu.globalIdx.x; if (i < n) y[i] = scaled(x[i]) + x[i]; }',
        `hit-parse-${Object.keys(options).length}.js`,
      ),
      types,
      compiler.target('native'),
      { scope },
    );
    const first = compileJob(compiler, job, options);
    const parses = vi.mocked(parseSync).mock.calls.length;
    const again = compileJob(compiler, job, options);
    expect(vi.mocked(parseSync).mock.calls.length).toBe(parses);
    expect(again.output).toEqual(first.output);
  });
});
