import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ConformanceBackend,
  type ConformanceEntry,
  corpusDirectory,
  entryJob,
  formatReport,
  loadConformance,
  nativeConformance,
  runConformance,
} from '../../src/entry/tools.js';
import { compileJob, defaultCompiler } from '../../src/index.js';

const entries = await loadConformance(corpusDirectory());

describe('the conformance corpus on the native back-end', () => {
  it('has the kernels the suite promises', () => {
    expect(entries.length).toBeGreaterThanOrEqual(20);
    expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
  });

  it.each([
    ['matrix', /\bgpu\.matrix(?!Warpgroup)\w+\(/, 3],
    ['warpgroup-matrix', /\bgpu\.matrixWarpgroup\w+\(/, 1],
  ] as const)('declares the feature %s exactly where its kernels use it', (feature, use, least) => {
    const declared = entries.filter((e) => e.features?.includes(feature)).map((e) => e.name);
    expect(declared).toEqual(entries.filter((e) => use.test(e.source)).map((e) => e.name));
    expect(declared.length).toBeGreaterThanOrEqual(least);
  });

  it.each(entries.map((e) => [e.name, e] as const))('%s matches the reference runner', async (_, entry) => {
    const outcome = (await runConformance([entry], [nativeConformance])).results[entry.name]?.native;
    expect(outcome?.detail ?? '').toBe('');
    expect(outcome?.status).toBe('matched');
  });
});

describe('the conformance runner', () => {
  const saxpy = entries.find((e) => e.name === 'saxpy') as ConformanceEntry;
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-conformance-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a back-end whose results differ, with the first differences', async () => {
    const corrupting: ConformanceBackend = {
      name: 'off-by-one',
      run(entry, args, types) {
        nativeConformance.run?.(entry, args, types, []);
        const y = args[2] as Float32Array;
        y[7] = (y[7] as number) + 1;
      },
    };
    const report = await runConformance([saxpy], [nativeConformance, corrupting]);
    expect(report.results.saxpy?.native?.status).toBe('matched');
    expect(report.results.saxpy?.['off-by-one']).toMatchObject({ status: 'failed' });
    expect(report.results.saxpy?.['off-by-one']?.detail).toMatch(
      /^argument 3\[7\]: [\d.]+, expected [\d.]+$/,
    );
    const table = formatReport(report);
    expect(table).toMatch(/^saxpy +matched +FAILED$/m);
    expect(table).toContain('off-by-one: 0 matched, 0 compiled, 1 failed');
  });

  it('records compile-only back-ends, and compile errors as failures', async () => {
    const checking: ConformanceBackend = {
      name: 'assembly',
      check(entry, types) {
        const compiler = defaultCompiler();
        const result = compileJob(compiler, entryJob(entry, types, compiler.target('native')), {
          kind: 'assembly',
        });
        return `${String(result.output).split('\n').length} lines of assembly`;
      },
    };
    const broken: ConformanceEntry = { ...saxpy, name: 'broken', source: 'function broken(a) { a.b.c(); }' };
    const report = await runConformance([saxpy, broken], [checking]);
    expect(report.results.saxpy?.assembly?.status).toBe('compiled');
    expect(report.results.broken?.assembly?.status).toBe('failed');
    expect(report.results.broken?.assembly?.detail).toMatch(/broken\.js:1:\d+/);
  });

  it('reports its progress through a batch', async () => {
    const seen: string[] = [];
    const two = entries.slice(0, 2);
    await runConformance(two, [nativeConformance], {
      onProgress: (done, total, current) => seen.push(`${done}/${total} ${current}`),
    });
    expect(seen).toEqual([`0/2 ${two[0]?.name}`, `1/2 ${two[1]?.name}`]);
  });

  it('loads any folder of entry modules', async () => {
    writeFileSync(
      join(dir, 'double.mjs'),
      `export default { name: 'double', source: 'function double(x) { x[gpu.globalIdx.x] *= 2; }',
        grid: 1, block: 4, args: (h) => [h.iota(4)] };`,
    );
    const loaded = await loadConformance(dir);
    expect(loaded.map((e) => e.name)).toEqual(['double']);
    expect((await runConformance(loaded, [nativeConformance])).results.double?.native?.status).toBe(
      'matched',
    );
  });
});
