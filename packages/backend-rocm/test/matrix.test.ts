// The warp matrix operations on AMD GPUs, compiled and never run (no AMD GPU here): MFMA on
// gfx90a, gfx942 and gfx950 and WMMA on gfx1100 and gfx1201, seen in llvm-objdump's listing of
// the code object, whose metadata agrees with the kernel; the coded refusals where a GPU cannot
// lower a form; and the fragment layouts checked by simulating each instruction on the registers
// as its ISA manual lays them out.
import { CompileError, createCompiler } from '@gpuc/core';
import { findTool, toolOutput } from '@gpuc/core/compiler';
import { corpusDirectory, loadConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import { count, testCompile } from '../../core/test/jobs.js';
import { metadataProblems } from '../src/conformance.js';
import { RocmPlugin, readMetadata } from '../src/index.js';
import { exchange, type MatrixUnit, matrixPlaces, WAVEFRONT_MESSAGE } from '../src/target/matrix.js';

const corpus = await loadConformance(corpusDirectory());
const source = (name: string) => (corpus.find((e) => e.name === name) as { source: string }).source;
const compiler = createCompiler().use(new RocmPlugin());
const objdump = findTool({ names: ['llvm-objdump-22', 'llvm-objdump'], dirs: ['/usr/lib/llvm-22/bin'] });
/** A corpus kernel of tiles of `element` (and f32 accumulators) for ROCm. */
function compile(
  name: string,
  element: string,
  params: Record<string, string | number>,
  kind: 'object' | 'ir',
) {
  const types = [`${element}[]`, `${element}[]`, 'f32[]', 'f32[]', 'i32', 'i32'];
  return testCompile(compiler, 'rocm', source(name), types, { params, kind, file: `${name}.js` });
}

/** The code object's listing, after checking its metadata against the kernel. */
function listing(name: string, element: string, gfx: string, wavefront: number): string {
  const result = compile(name, element, { gfx }, 'object');
  const codeObject = result.output as Buffer;
  const [meta] = readMetadata(codeObject).kernels;
  expect(meta?.wavefrontSize).toBe(wavefront);
  expect(metadataProblems(meta as NonNullable<typeof meta>, result.ir, result.entry)).toEqual([]);
  return toolOutput(objdump as string, [{ name: 'k.hsaco', data: codeObject }], ([p]) => [
    '-d',
    `--mcpu=${gfx}`,
    p as string,
  ]);
}

function refusal(name: string, element: string, params: Record<string, string | number>): CompileError {
  try {
    compile(name, element, params, 'ir');
  } catch (error) {
    expect(error).toBeInstanceOf(CompileError);
    return error as CompileError;
  }
  throw new Error('compiled');
}

/** Where `text` first occurs in the kernel's source, as `line:column` (1-based). */
function at(name: string, text: string): string {
  const lines = source(name).split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  return `${line + 1}:${(lines[line] as string).indexOf(text) + 1}`;
}

describe('warp matrix operations on ROCm', () => {
  it.skipIf(!objdump)(
    'become MFMAs on gfx90a, gfx942 and gfx950: one per warp of the wavefront, four for TF32',
    () => {
      for (const gfx of ['gfx90a', 'gfx942', 'gfx950']) {
        expect(count(listing('matrix-f16', 'f16', gfx, 64), /v_mfma_f32_16x16x16_?f16\b/)).toBe(2);
        expect(count(listing('matrix-bf16', 'bf16', gfx, 64), /v_mfma_f32_16x16x16_?bf16(_1k)?\b/)).toBe(2);
        expect(count(listing('matrix-tf32', 'f32', gfx, 64), /v_mfma_f32_16x16x4_?f32\b/)).toBe(8);
      }
    },
  );

  it.skipIf(!objdump)('become one WMMA per product on gfx1100 and gfx1201 (wave32)', () => {
    for (const gfx of ['gfx1100', 'gfx1201']) {
      expect(count(listing('matrix-f16', 'f16', gfx, 32), /v_wmma_f32_16x16x16_f16\b/)).toBe(1);
      expect(count(listing('matrix-bf16', 'bf16', gfx, 32), /v_wmma_f32_16x16x16_bf16\b/)).toBe(1);
    }
  });

  it.skipIf(!objdump)(
    'on CDNA, checks the whole wavefront is at a product, then exchanges twelve words',
    () => {
      const { ir } = compile('matrix-f16', 'f16', { gfx: 'gfx90a' }, 'ir');
      const calls = (name: string) => ir.split(` @${name}(`).length - 2; // less the declaration
      expect(ir).toContain('@llvm.amdgcn.ballot.i64(i1 true)');
      expect(ir).toContain(WAVEFRONT_MESSAGE);
      expect(calls('llvm.amdgcn.ds.bpermute')).toBe(12);
      const code = listing('matrix-f16', 'f16', 'gfx90a', 64);
      expect(code).toMatch(/s_cmp_eq_u64 exec, -1/);
      expect(count(code, /ds_bpermute_b32/)).toBe(12);
      // WMMA takes one warp: no check, no exchange.
      expect(compile('matrix-f16', 'f16', { gfx: 'gfx1100' }, 'ir').ir).not.toMatch(/ballot|bpermute/);
    },
  );

  it.skipIf(!objdump)(
    'compiles a kernel of eight accumulators for every GPU with matrix instructions',
    () => {
      const eight = [0, 1, 2, 3, 4, 5, 6, 7];
      const source = `function tiles(a, b, c, n) {
  const warp = gpu.threadIdx.x >> 5;
  const row = (gpu.blockIdx.y * 4 + warp) * 16;
  ${eight.map((t) => `let c${t} = gpu.matrixFill(0);`).join('\n  ')}
  for (let k = 0; k < n; k += 16) {
    const fa = gpu.matrixLoadA(a, row * n + k, n);
    ${eight.map((t) => `c${t} = gpu.matrixMultiplyAdd(fa, gpu.matrixLoadB(b, k * n + ${16 * t}, n), c${t});`).join('\n    ')}
  }
  ${eight.map((t) => `gpu.matrixStore(c, row * n + ${16 * t}, n, c${t});`).join('\n  ')}
}`;
      for (const [gfx, wavefront, instruction] of [
        ['gfx90a', 64, /v_mfma_f32_16x16x16f16/],
        ['gfx942', 64, /v_mfma_f32_16x16x16_f16/],
        ['gfx950', 64, /v_mfma_f32_16x16x16_f16/],
        ['gfx1100', 32, /v_wmma_f32_16x16x16_f16/],
        ['gfx1201', 32, /v_wmma_f32_16x16x16_f16/],
      ] as const) {
        // Blocks of up to 256 threads, as such kernels launch, leave registers for the tiles.
        const result = testCompile(compiler, 'rocm', source, ['f16[]', 'f16[]', 'f32[]', 'i32'], {
          params: { gfx, maxThreads: 256 },
          kind: 'object',
        });
        const [meta] = readMetadata(result.output as Buffer).kernels;
        expect(meta?.wavefrontSize).toBe(wavefront);
        expect(meta?.privateSegmentFixedSize, `${gfx} spills`).toBe(0);
        const code = toolOutput(
          objdump as string,
          [{ name: 'k.hsaco', data: result.output as Buffer }],
          ([p]) => ['-d', `--mcpu=${gfx}`, p as string],
        );
        expect(count(code, instruction)).toBe(wavefront === 64 ? 16 : 8);
      }
    },
  );

  it('refuses what a GPU cannot lower with a coded error at the call', () => {
    const refused: Record<string, string | number>[] = [
      { gfx: 'gfx1030' },
      { gfx: 'gfx908' },
      { gfx: 'gfx1100', wavefrontSize: 64 },
    ];
    for (const params of refused) {
      const error = refusal('matrix-f16', 'f16', params);
      expect(error.code).toBe('unsupported-on-target');
      expect(error.message).toMatch(
        /^matrix-f16\.js:\d+:\d+: gpu\.matrix\w+ is not supported on ROCm on this GPU/,
      );
    }
    const first = refusal('matrix-f16', 'f16', { gfx: 'gfx1030' });
    expect(first.message).toContain(`.js:${at('matrix-f16', 'gpu.matrixFill(')}:`);
    for (const gfx of ['gfx1100', 'gfx1201']) {
      const tf32 = refusal('matrix-tf32', 'f32', { gfx });
      expect(tf32.code).toBe('unsupported-on-target');
      expect(tf32.message).toContain(
        `.js:${at('matrix-tf32', 'gpu.matrixLoadA(')}: gpu.matrixLoadA is not supported on ROCm on RDNA`,
      );
    }
  });
});

/**
 * Each instruction as its ISA manual lays out its registers, for lane l: which element of A, B,
 * and C or D register r holds (`[row, column]`), in 16x16x16 (f16, bf16) or 16x16x4 (f32) form.
 */
const HARDWARE = {
  mfma16: {
    lanes: 64,
    a: (l: number, r: number) => [l % 16, 4 * (l >> 4) + r],
    b: (l: number, r: number) => [4 * (l >> 4) + r, l % 16],
    c: (l: number, r: number) => [4 * (l >> 4) + r, l % 16],
  },
  mfma4: {
    lanes: 64,
    a: (l: number) => [l % 16, l >> 4],
    b: (l: number) => [l >> 4, l % 16],
    c: (l: number, r: number) => [4 * (l >> 4) + r, l % 16],
  },
  wmma11: {
    lanes: 32,
    a: (l: number, r: number) => [l % 16, r],
    b: (l: number, r: number) => [r, l % 16],
    c: (l: number, r: number) => [2 * r + (l >> 4), l % 16],
  },
  wmma12: {
    lanes: 32,
    a: (l: number, r: number) => [l % 16, 8 * (l >> 4) + r],
    b: (l: number, r: number) => [8 * (l >> 4) + r, l % 16],
    c: (l: number, r: number) => [8 * (l >> 4) + r, l % 16],
  },
} as const;

type Tile = number[][];
const tile = (seed: number): Tile =>
  Array.from({ length: 16 }, (_, r) =>
    Array.from({ length: 16 }, (_, c) => ((r * 7 + c * 3 + seed * 5) % 9) - 4),
  );
const multiply = (a: Tile, b: Tile, c: Tile): Tile =>
  c.map((row, i) =>
    row.map((x, j) => a[i]?.reduce((sum, aik, k) => sum + aik * (b[k]?.[j] as number), x) as number),
  );

/** A warp lane's registers of a fragment in `unit`'s layout (matrix.ts's places). */
function registers(
  unit: MatrixUnit,
  use: 'a' | 'b' | 'accumulator',
  tf32: boolean,
  j: number,
  t: Tile,
  n: number,
) {
  const { row, column, offset } = matrixPlaces(unit, use, tf32);
  const fields = [j & 7, (j >> 3) & 1, j >> 4];
  const origin = (k: readonly number[]) => k.reduce((sum, x, i) => sum + x * (fields[i] as number), 0);
  return Array.from({ length: n }, (_, e) => {
    const [dr, dc] = offset(e);
    return (t[origin(row) + dr] as number[])[origin(column) + dc] as number;
  });
}

/** One instruction: D = A B + C over the lanes' registers, as the hardware reads and writes them. */
function instruction(form: keyof typeof HARDWARE, k: number, a: number[][], b: number[][], c: number[][]) {
  const hw = HARDWARE[form];
  const [A, B, C] = [
    Array.from({ length: 16 }, () => Array(k).fill(Number.NaN)),
    Array.from({ length: k }, () => Array(16).fill(Number.NaN)),
    Array.from({ length: 16 }, () => Array(16).fill(Number.NaN)),
  ];
  const put = (m: number[][], [r, col]: readonly number[], x: number) => {
    const row = m[r as number] as number[];
    // Lanes holding the same element (gfx11's repeated A and B) must agree.
    if (!Number.isNaN(row[col as number]) && row[col as number] !== x)
      throw new Error('repeated registers disagree');
    row[col as number] = x;
  };
  for (let l = 0; l < hw.lanes; l++) {
    a[l]?.forEach((x, r) => {
      put(A, hw.a(l, r), x);
    });
    b[l]?.forEach((x, r) => {
      put(B, hw.b(l, r), x);
    });
    c[l]?.forEach((x, r) => {
      put(C, hw.c(l, r), x);
    });
  }
  const D = multiply(A, B, C);
  return Array.from({ length: hw.lanes }, (_, l) =>
    (c[l] as number[]).map((_, r) => {
      const [row, col] = hw.c(l, r);
      return (D[row as number] as number[])[col as number] as number;
    }),
  );
}

describe('the ROCm fragment layouts (simulated)', () => {
  it('WMMA: one instruction on a warp gives A B + C', () => {
    for (const unit of ['wmma11', 'wmma12'] as const) {
      const n = unit === 'wmma11' ? 16 : 8;
      const [a, b, c] = [tile(1), tile(2), tile(3)];
      const lanes = Array.from({ length: 32 }, (_, j) => j);
      const d = instruction(
        unit,
        16,
        lanes.map((j) => registers(unit, 'a', false, j, a, n)),
        lanes.map((j) => registers(unit, 'b', false, j, b, n)),
        lanes.map((j) => registers(unit, 'accumulator', false, j, c, 8)),
      );
      const expected = multiply(a, b, c);
      for (const j of lanes) expect(d[j]).toEqual(registers(unit, 'accumulator', false, j, expected, 8));
    }
  });

  it('MFMA: one per warp on the exchanged words gives each warp its own A B + C, whatever the other holds', () => {
    const wavefront = Array.from({ length: 64 }, (_, l) => l);
    type Lanes = number[][];
    const pick = (upper: Lanes, lower: Lanes) =>
      wavefront.map((l) => (l >= 32 ? upper[l] : lower[l]) as number[]);
    const swap = (x: Lanes) => wavefront.map((l) => x[l ^ 32] as number[]);
    const halves = (x: Lanes) =>
      [x.map((r) => r.slice(0, r.length / 2)), x.map((r) => r.slice(r.length / 2))] as const;
    for (const tf32 of [false, true])
      for (const other of ['present', 'infinite'] as const) {
        const tiles = [0, 1].map((w) => [tile(4 * w + 1), tile(4 * w + 2), tile(4 * w + 3)] as const);
        // Warp 1's B with an infinity: it must not reach warp 0's product.
        if (other === 'infinite')
          ((tiles[1] as readonly Tile[])[1] as Tile)[3]?.splice(5, 1, Number.POSITIVE_INFINITY);
        const fragment = (use: 'a' | 'b' | 'accumulator', which: 0 | 1 | 2) =>
          wavefront.map((l) =>
            registers('mfma', use, tf32, l & 31, (tiles[l >> 5] as readonly Tile[])[which] as Tile, 8),
          );
        const [a, b, c] = (['a', 'b', 'accumulator'] as const).map((use, which) =>
          exchange(pick, swap, ...halves(fragment(use, which as 0 | 1 | 2))),
        ) as [Lanes, Lanes][];
        const product = (w: 0 | 1): Lanes => {
          const [aw, bw, cw] = [(a as [Lanes, Lanes])[w], (b as [Lanes, Lanes])[w], (c as [Lanes, Lanes])[w]];
          if (!tf32) return instruction('mfma16', 16, aw, bw, cw);
          let accumulator = cw;
          for (let step = 0; step < 4; step++)
            accumulator = instruction(
              'mfma4',
              4,
              aw.map((r) => [r[step] as number]),
              bw.map((r) => [r[step] as number]),
              accumulator,
            );
          return accumulator;
        };
        const [low, high] = exchange(pick, swap, product(0), product(1));
        for (const l of wavefront) {
          const [ta, tb, tc] = tiles[l >> 5] as readonly [Tile, Tile, Tile];
          const expected = registers('mfma', 'accumulator', tf32, l & 31, multiply(ta, tb, tc), 8);
          expect([...(low[l] as number[]), ...(high[l] as number[])]).toEqual(expected);
        }
      }
  });
});
