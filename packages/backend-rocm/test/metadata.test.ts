import { compileJob, createCompiler } from '@gpuc/core';
import { toolOutput } from '@gpuc/core/compiler';
import {
  type ConformanceBackend,
  compilerWith,
  corpusDirectory,
  entryJob,
  loadConformance,
  runConformance,
} from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import { testCompile } from '../../core/test/jobs.js';
import { findReadelf, parseMetadataNotes, RocmPlugin, readMetadata, rocmConformance } from '../src/index.js';

const compiler = createCompiler().use(new RocmPlugin());
const readelf = findReadelf();

function codeObject(text: string, types: string[], gfx: string): Buffer {
  return testCompile(compiler, 'rocm', text, types, {
    params: { gfx },
    kind: 'object',
    file: `metadata-${gfx}.js`,
  }).output as Buffer;
}

const saxpy = `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`;

describe("a code object's metadata, read in process", () => {
  it('reads the kernels, their arguments and resources without LLVM tools', () => {
    const metadata = readMetadata(codeObject(saxpy, ['f32', 'f32[]', 'f32[]', 'i32'], 'gfx942'));
    expect(metadata.target).toBe('amdgcn-amd-amdhsa--gfx942');
    const [kernel] = metadata.kernels;
    expect(kernel?.name).toBe('saxpy');
    expect(kernel?.symbol).toBe('saxpy.kd');
    // `y` stays a name (YAML would read it as a boolean).
    expect(kernel?.args.slice(0, 4).map((a) => [a.name, a.offset, a.valueKind])).toEqual([
      ['a', 0, 'by_value'],
      ['x', 8, 'by_value'],
      ['y', 24, 'by_value'],
      ['n', 40, 'by_value'],
    ]);
    expect(kernel?.wavefrontSize).toBe(64);
    expect(kernel?.vgprCount).toBeGreaterThan(0);
  });

  it('refuses what is no code object, or one without a metadata note', () => {
    expect(() =>
      readMetadata(Buffer.from('not an ELF file at all, but long enough to have a header'.repeat(2))),
    ).toThrow(/not an AMDGPU code object/);
    const stripped = Buffer.from(codeObject(saxpy, ['f32', 'f32[]', 'f32[]', 'i32'], 'gfx90a'));
    // Section type SHT_NOTE (7) turned into SHT_PROGBITS (1): the note is no longer one.
    const sections = Number(stripped.readBigUInt64LE(0x28));
    for (let s = 0; s < stripped.readUInt16LE(0x3c); s++) {
      const at = sections + s * stripped.readUInt16LE(0x3a) + 4;
      if (stripped.readUInt32LE(at) === 7) stripped.writeUInt32LE(1, at);
    }
    expect(() => readMetadata(stripped)).toThrow(/no AMDGPU metadata note/);
  });

  it.skipIf(readelf === null)(
    'agrees with llvm-readelf --notes on every conformance kernel, for wave64 and wave32 (needs llvm-22)',
    async () => {
      /** A back-end that compiles for one processor and compares the two readings. */
      const agreeing = (gfx: string): ConformanceBackend => ({
        name: gfx,
        check(entry, argTypes, plugins) {
          const using = compilerWith(plugins, new RocmPlugin());
          const job = entryJob(entry, argTypes, using.target('rocm', { gfx }));
          const object = compileJob(using, job, { kind: 'object' }).output as Buffer;
          const printed = toolOutput(readelf as string, [{ name: 'k.hsaco', data: object }], ([p]) => [
            '--notes',
            p as string,
          ]);
          expect(readMetadata(object)).toEqual(parseMetadataNotes(printed));
          return 'agrees';
        },
        refusal: rocmConformance.refusal,
      });
      const entries = await loadConformance(corpusDirectory());
      const report = await runConformance(entries, [agreeing('gfx90a'), agreeing('gfx1100')]);
      for (const entry of entries)
        for (const gfx of ['gfx90a', 'gfx1100']) {
          const cell = report.results[entry.name]?.[gfx];
          // RDNA refuses TF32 operands (matrix.test.ts checks how), every GPU the warpgroup ones.
          const expected =
            (entry.name === 'matrix-tf32' && gfx === 'gfx1100') ||
            entry.features?.includes('warpgroup-matrix')
              ? 'refused'
              : 'compiled';
          expect(cell?.status, `${entry.name} on ${gfx}: ${cell?.detail}`).toBe(expected);
        }
    },
    300_000,
  );
});
