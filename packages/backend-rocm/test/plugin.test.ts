import { CompileError, type Compiler, type CompilerPlugin, createCompiler } from '@gpuc/core';
import { findTool, toolOutput } from '@gpuc/core/compiler';
import { llvm } from '@gpuc/core/llvm';
import { corpusDirectory, loadConformance, runConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import { testCompile } from '../../core/test/jobs.js';
import {
  EXCEPTION_GLOBAL,
  findReadelf,
  MAX_LDS_BYTES,
  RocmPlugin,
  readMetadata,
  rocmConformance,
} from '../src/index.js';

const compiler = createCompiler().use(new RocmPlugin());
const objdump = findTool({ names: ['llvm-objdump-22', 'llvm-objdump'], dirs: ['/usr/lib/llvm-22/bin'] });
const tools = findReadelf() !== null && objdump !== null;
function compile(
  text: string,
  types: string[],
  params: Record<string, number | string> = {},
  kind: 'assembly' | 'ir' | 'object' = 'assembly',
  using: Compiler = compiler,
) {
  return testCompile(using, 'rocm', text, types, { params, kind });
}

function disassemble(codeObject: Buffer, gfx = 'gfx90a'): string {
  return toolOutput(objdump as string, [{ name: 'k.hsaco', data: codeObject }], ([p]) => [
    '-d',
    `--mcpu=${gfx}`,
    p as string,
  ]);
}

describe('the ROCm compiler plugin', () => {
  it.skipIf(!tools)(
    'compiles every conformance kernel to a code object whose metadata agrees with the kernel (needs llvm-22)',
    async () => {
      const entries = await loadConformance(corpusDirectory());
      const report = await runConformance(entries, [rocmConformance]);
      for (const entry of entries) {
        const cell = report.results[entry.name]?.rocm;
        if (entry.features?.includes('warpgroup-matrix')) {
          expect(cell?.detail).toMatch(
            /is not supported on ROCm \(the warpgroup .*\[unsupported-on-target\]$/,
          );
          continue;
        }
        expect(cell?.status, `${entry.name}: ${cell?.detail}`).toBe('compiled');
        // The matrix operations become MFMAs on gfx90a, the default GPU (matrix.test.ts: the others).
        expect(cell?.detail).toMatch(
          entry.features?.includes('matrix')
            ? /^code object \d+ B; kernarg \d+ B, LDS \d+ B, \d+ SGPR, \d+ VGPR; disassembled; \d+ v_mfma_f32_16x16x\w+$/
            : /^code object \d+ B; kernarg \d+ B, LDS \d+ B, \d+ SGPR, \d+ VGPR; disassembled$/,
        );
      }
    },
    120_000,
  );

  it('marks kernels amdgpu_kernel with the target CPU, features and work-group bound', () => {
    const ir = compile('function k(x) { x[gpu.globalIdx.x] = 1; }', ['f32[]'], { maxThreads: 256 }, 'ir').ir;
    expect(ir).toMatch(/define amdgpu_kernel void @k\(/);
    expect(ir).toContain('"target-cpu"="gfx90a"');
    expect(ir).toContain('"amdgpu-flat-work-group-size"="1,256"');
    const wave64 = compile(
      'function k(x) { x[0] = gpu.warpSize; }',
      ['i32[]'],
      { gfx: 'gfx1030', wavefrontSize: 64 },
      'ir',
    );
    expect(wave64.ir).toContain('"target-features"="+wavefrontsize64"');
  });

  it.skipIf(!tools)('reads the wavefront size and work-group bound back from the code object', () => {
    const text = 'function k(x) { x[gpu.globalIdx.x] = gpu.laneId; }';
    for (const [params, wave] of [
      [{}, 64],
      [{ gfx: 'gfx1030' }, 32],
      [{ gfx: 'gfx1030', wavefrontSize: 64 }, 64],
    ] as const) {
      const [kernel] = readMetadata(
        compile(text, ['i32[]'], { ...params, maxThreads: 128 }, 'object').output as Buffer,
      ).kernels;
      expect(kernel?.wavefrontSize).toBe(wave);
      expect(kernel?.maxFlatWorkgroupSize).toBe(128);
    }
  });

  it.skipIf(!tools)('uses LDS, barriers, atomics, fences, wavefront operations and the clock', () => {
    const result = compile(
      `function k(x, n) {
        const tile = gpu.sharedArray(Float32Array, 64);
        const count = gpu.sharedArray(Int32Array, 1);
        tile[gpu.threadIdx.x] = x[gpu.globalIdx.x];
        gpu.atomicAdd(count, 0, 1);
        gpu.barrier();
        gpu.threadFence();
        const v = gpu.shuffleXor(tile[63 - gpu.threadIdx.x], 1) + (gpu.voteAll(x[0] > 0) ? 1 : 0);
        gpu.atomicAdd(x, 0, v);
        gpu.atomicCAS(n, 1, 0, Number(gpu.clock() & 255n));
      }`,
      ['f32[]', 'i32[]'],
      {},
      'object',
    );
    const listing = disassemble(result.output as Buffer);
    for (const instruction of [
      'ds_write_b32',
      'ds_add_u32',
      's_barrier',
      'ds_bpermute_b32',
      'global_atomic_cmpswap',
      's_memtime',
      'buffer_wbinvl1_vol',
    ])
      expect(listing, instruction).toContain(instruction);
    const [kernel] = readMetadata(result.output as Buffer).kernels;
    expect(kernel?.groupSegmentFixedSize).toBeGreaterThanOrEqual(260);
  });

  it.skipIf(!tools)(
    'does compare-and-swap on floats as a loop of a float compare and a 32/64-bit CAS',
    () => {
      const text =
        'function k(f, d, o) { o[0] = gpu.atomicCAS(f, 0, o[1], o[2]); o[1] = gpu.atomicCAS(d, 0, o[1], o[2]); }';
      const types = ['f32[]', 'f64[]', 'f32[]'];
      const listing = disassemble(compile(text, types, {}, 'object').output as Buffer);
      // The float comparison (===, not the bits') decides whether to swap.
      expect(listing).toMatch(/v_cmp_(eq|neq)_f32/);
      expect(listing).toMatch(/v_cmp_(eq|neq)_f64/);
      expect(listing).toContain('global_atomic_cmpswap ');
      expect(listing).toContain('global_atomic_cmpswap_x2');
    },
  );

  it.skipIf(!tools)(
    "leaves Math.max and Math.min to LLVM 22's AMDGPU: v_maximum where the GPU has it",
    () => {
      // IEEE 754-2019 maximum/minimum (NaN wins, -0 below +0): gfx950 and gfx12 have instructions
      // for them; before, v_max/v_min (which order -0 below +0) and a select of NaN when unordered.
      const text =
        'function k(x, y, hi, lo) { const i = gpu.globalIdx.x; hi[i] = Math.max(x[i], y[i]); lo[i] = Math.min(x[i], y[i]); }';
      const code = (gfx: string, type: string) =>
        disassemble(compile(text, Array(4).fill(`${type}[]`), { gfx }, 'object').output as Buffer, gfx);
      expect(code('gfx950', 'f32')).toMatch(/v_maximum3_f32[\s\S]*v_minimum3_f32/);
      expect(code('gfx1201', 'f32')).toMatch(/v_maximum_f32[\s\S]*v_minimum_f32/);
      expect(code('gfx1201', 'f64')).toMatch(/v_maximum_f64[\s\S]*v_minimum_f64/);
      for (const [gfx, type] of [
        ['gfx942', 'f32'],
        ['gfx1100', 'f32'],
        ['gfx942', 'f64'],
      ]) {
        const isa = code(gfx as string, type as string);
        expect(isa, `${gfx} ${type}`).toMatch(new RegExp(`v_max_${type}[\\s\\S]*v_min_${type}`));
        expect(isa, `${gfx} ${type}`).toMatch(new RegExp(`v_cmp_[ou]_${type}`));
      }
    },
  );

  it.skipIf(!tools)('signals exceptions through the exported block: compare-and-swap, then s_endpgm', () => {
    const codeObject = compile(
      "function k(x, n) { const i = gpu.globalIdx.x; if (i >= n) throw new Error('out of range'); x[i] = 1; }",
      ['f32[]', 'i32'],
      {},
      'object',
    ).output as Buffer;
    const symbols = toolOutput(findReadelf() as string, [{ name: 'k.hsaco', data: codeObject }], ([p]) => [
      '--dyn-symbols',
      p as string,
    ]);
    expect(symbols).toMatch(new RegExp(`GLOBAL\\s+DEFAULT\\s+\\d+\\s+${EXCEPTION_GLOBAL}`));
    const listing = disassemble(codeObject);
    expect(listing).toContain('global_atomic_cmpswap_x2');
    expect(listing.match(/s_endpgm/g)?.length).toBeGreaterThan(1);
    expect(codeObject.includes(Buffer.from('out of range\0'))).toBe(true);
  });

  it("refuses shared arrays past the LDS of a work-group at the array that crosses it, local arrays past a lane's scratch", () => {
    const text = (n: number) => `function k(x) {
  const a = gpu.sharedArray(Float64Array, 4096);
  const b = gpu.sharedArray(Float64Array, ${n});
  const t = gpu.threadIdx.x;
  a[t] = x[t]; b[t] = x[t + 1];
  gpu.barrier();
  x[t] = a[(t + 1) % 32] + b[(t + 2) % 32];
}`;
    expect(() => compile(text(MAX_LDS_BYTES / 8 - 4096 + 1), ['f64[]'])).toThrow(CompileError);
    expect(() => compile(text(MAX_LDS_BYTES / 8 - 4096 + 1), ['f64[]'])).toThrow(
      /^rocm-\d+\.js:3:13: this array takes 32776 bytes, the kernel's shared arrays 65544: a block has 65536 bytes of static shared memory on rocm \[unsupported-on-target\]/,
    );
    expect(compile(text(MAX_LDS_BYTES / 8 - 4096), ['f64[]']).ir).toContain('@gpuc.shared');
    expect(() =>
      compile('function k(x) {\n  const a = new Float64Array(16385);\n  x[0] = a[gpu.threadIdx.x];\n}', [
        'f64[]',
      ]),
    ).toThrow(/:2:13: this array takes 131080 bytes: rocm gives a kernel's local arrays 131072 bytes/);
  });

  it('keeps optimised IR in proportion to the kernel for math in loops: each block the same code at any size', () => {
    // Blocks of a loop over a local array calling Math.sin and cos. AMDGPU's inliner stops at
    // callers of 1,100 basic blocks: past that, an inlinable slow path of the device math
    // library stayed a call and the loops around it unrolled, below it some did not, so the code
    // per block changed with the kernel's size (and compile time jumped past the limit).
    const kernel = (blocks: number) => {
      const lines = ['function k(x, y, n) {', '  const i = gpu.globalIdx.x;', '  let acc = f32(0);'];
      for (let b = 0; b < blocks; b++)
        lines.push(
          `  const t${b} = new Float32Array(8);`,
          `  for (let k = 0; k < 8; k++) {`,
          `    const v = x[(i + k * ${b + 1}) % n];`,
          `    t${b}[k] = v > ${b}.5 ? Math.sin(v * 0.25) + Math.cos(v) : v * v;`,
          `    acc += t${b}[k];`,
          '  }',
          `  y[(i + ${b}) % n] = acc + t${b}[${b % 8}];`,
        );
      return [...lines, '}'].join('\n');
    };
    const lines = (blocks: number) =>
      String(compile(kernel(blocks), ['f32[]', 'f32[]', 'i32'], {}, 'ir').output).split('\n').length;
    const ratio = lines(20) / lines(10);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
  }, 60_000);

  it('refuses code that allocates from a device heap, which ROCm does not have', () => {
    // No kernel-language construct allocates yet; a plugin calls the runtime's malloc the way
    // generated code would.
    class Allocates implements CompilerPlugin {
      readonly name = 'allocates';
      apply(target: Compiler): void {
        target.hooks.for('rocm').finishModule.tap('allocates', (entry, module) => {
          const l = llvm();
          const block = entry.getEntryBlock();
          const builder = new l.IRBuilder(block.getFirstNonPHI() ?? block);
          target.runtime.call(builder, module, 'malloc', [
            l.ConstantInt.get(l.Type.getInt64Ty(module.getContext()), 64),
          ]);
          return entry;
        });
      }
    }
    const allocating = createCompiler().use(new RocmPlugin(), new Allocates());
    expect(() => compile('function k(x) { x[0] = 1; }', ['f32[]'], {}, 'assembly', allocating)).toThrow(
      /allocates memory dynamically, which rocm does not support/,
    );
  });
});
