import {
  CompileError,
  type CompilerPlugin,
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
  typeOfValue,
  ValidationError,
} from '@gpuc/core';
import { hostAddress } from '@gpuc/core/host';
import { createContext, parseModule } from '@gpuc/core/llvm';
import { corpusDirectory, loadConformance, nativeConformance, runConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import {
  assemblePTX,
  CudaPlugin,
  cudaConformance,
  cudaTarget,
  EXCEPTION_GLOBAL,
  emitPTX,
  findLibdevice,
  layout,
  ParameterBlock,
} from '../src/index.js';
import { compile, compiler, cudaJob, hasPtxas } from './helpers.js';

const hasLibdevice = findLibdevice() !== null;

/** A NUL-terminated string as PTX declares it: its size counts the NUL, which LLVM 22 leaves implicit. */
function cString(text: string): string {
  const bytes = Buffer.from(text);
  return `[${bytes.length + 1}] = {${Array.from(bytes).join(', ')}}`;
}

describe('the CUDA compiler plugin', () => {
  it.skipIf(!hasLibdevice)(
    'compiles every conformance kernel to PTX that ptxas accepts for sm_80 and sm_90, warpgroup ones for sm_90a (needs the CUDA toolkit)',
    async () => {
      const entries = await loadConformance(corpusDirectory());
      const report = await runConformance(entries, [cudaConformance]);
      for (const entry of entries) {
        const cell = report.results[entry.name]?.cuda;
        const archs = /gpu\.matrixWarpgroup/.test(entry.source) ? 'sm_90a' : 'sm_80 and sm_90';
        expect(cell?.detail, entry.name).toBe(hasPtxas ? `PTX accepted by ptxas for ${archs}` : cell?.detail);
        expect(cell?.status, `${entry.name}: ${cell?.detail}`).toBe('compiled');
      }
      // The same corpus still runs natively beside it: the plugins do not disturb each other.
      const native = await runConformance(entries.slice(0, 3), [nativeConformance]);
      expect(Object.values(native.results).every((row) => row.native?.status === 'matched')).toBe(true);
    },
    120_000,
  );

  it('marks the kernel, with the launch bounds given as params', () => {
    const ptx = compile('function k(x) { x[gpu.globalIdx.x] = 1; }', ['f32[]'], {
      params: { maxThreads: 256, minBlocksPerMultiprocessor: 2 },
    }).output as string;
    expect(ptx).toMatch(/\.visible \.entry k\(/);
    expect(ptx).toMatch(/\.maxntid 256\n/);
    expect(ptx).toMatch(/\.minnctapersm 2/);
    // Line directives, but no debug sections: those would make ptxas compile for debugging.
    expect(ptx).toMatch(/^\.target sm_80$/m);
    expect(ptx).toContain('.loc');
    expect(ptx).not.toContain('.debug_info');
  });

  it('reads the geometry from special registers, with shared memory, barriers and warp operations', () => {
    const ptx = compile(
      `function k(x) {
        const tile = gpu.sharedArray(Float32Array, 64);
        tile[gpu.threadIdx.x] = x[gpu.globalIdx.x];
        gpu.barrier();
        x[gpu.globalIdx.x] = gpu.shuffleXor(tile[63 - gpu.threadIdx.x], 1) + (gpu.voteAll(x[0] > 0) ? 1 : 0);
      }`,
      ['f32[]'],
    ).output as string;
    for (const register of ['%tid.x', '%ntid.x', '%ctaid.x', '%laneid']) expect(ptx).toContain(register);
    expect(ptx).toMatch(/\.shared \.align 16 \.b8 gpuc_\$_shared\[256\]/);
    expect(ptx).toContain('bar.sync');
    expect(ptx).toContain('shfl.sync.idx.b32');
    expect(ptx).toContain('vote.sync.all.pred');
  });

  it('does atomics in global and shared memory, float min and max included', () => {
    const ptx = compile(
      `function k(x, n) {
        const s = gpu.sharedArray(Int32Array, 1);
        gpu.atomicAdd(s, 0, 1);
        gpu.atomicAdd(x, 0, 0.5);
        gpu.atomicMax(x, 1, x[2]);
        gpu.atomicCAS(n, 0, 1, 2);
      }`,
      ['f32[]', 'i32[]'],
    ).output as string;
    expect(ptx).toMatch(/atom\.shared\.add\.u32/);
    expect(ptx).toMatch(/atom\.global\.add\.f32/);
    expect(ptx).toMatch(/atom(\.acquire\.sys)?\.global\.cas\.b32/);
  });

  it.skipIf(!hasPtxas)(
    'does compare-and-swap on floats as a loop of a float compare and a 32/64-bit CAS',
    () => {
      const ptx = compile(
        `function k(f, d, o) {
        const s = gpu.sharedArray(Float32Array, 1);
        o[0] = gpu.atomicCAS(f, 0, o[1], o[2]);
        o[1] = gpu.atomicCAS(d, 0, o[1], o[2]);
        o[2] = gpu.atomicCAS(s, 0, 0, o[2]);
      }`,
        ['f32[]', 'f64[]', 'f32[]'],
      ).output as string;
      // The float comparison (===, not the bits') decides whether to swap.
      expect(ptx).toMatch(/setp\.(eq|neu)\.f32/);
      expect(ptx).toMatch(/setp\.(eq|neu)\.f64/);
      expect(ptx).toMatch(/atom(\.acquire\.sys)?\.global\.cas\.b32/);
      expect(ptx).toMatch(/atom(\.acquire\.sys)?\.global\.cas\.b64/);
      expect(ptx).toMatch(/atom(\.acquire\.sys)?\.shared\.cas\.b32/);
      for (const arch of ['sm_80', 'sm_90'])
        expect(assemblePTX(ptx, arch).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    },
  );

  it.skipIf(!hasLibdevice)('takes Math from libdevice, flushing denormals only with fast math', () => {
    const text = 'function k(x) { const i = gpu.globalIdx.x; x[i] = Math.sin(x[i]) + Math.atan2(x[i], 2); }';
    const ir = compile(text, ['f32[]'], { kind: 'ir' }).ir;
    // Linked, reflected and inlined: nothing of libdevice is left to resolve.
    expect(ir).toContain('__nv_sinf.exit');
    expect(ir).not.toMatch(/declare .*@__nv/);
    expect(ir).not.toContain('__nvvm_reflect');
    const precise = compile(text, ['f32[]']).output as string;
    const fast = compile(text, ['f32[]'], { params: { fastMath: true } }).output as string;
    expect(precise).not.toMatch(/\.ftz\./);
    expect(fast).toMatch(/\.ftz\./);
    // Fast math also takes the hardware's approximations, as nvcc's --use_fast_math does.
    expect(precise).not.toContain('sin.approx');
    expect(fast).toContain('sin.approx.ftz.f32');
  });

  it('prints through vprintf with the arguments packed in a buffer', () => {
    const ptx = compile('function k(x) { console.log("thread %d sees %f", gpu.threadIdx.x, x[0]); }', [
      'f64[]',
    ]).output as string;
    expect(ptx).toMatch(/\.extern \.func\s+\(\.param \.b32 func_retval0\) vprintf/);
    expect(ptx).toMatch(/call\.uni \(retval0\),\s*vprintf/);
    // The format, rewritten for the promoted arguments, as bytes: "thread %lld sees %g\n".
    expect(ptx).toContain(cString('thread %lld sees %g\n'));
  });

  it('reports device exceptions through the block the host patches, then exits', () => {
    const ptx = compile(
      "function k(x, n) { const i = gpu.globalIdx.x; if (i >= n) throw new Error('out of range'); x[i] = 1; }",
      ['f32[]', 'i32'],
    ).output as string;
    expect(ptx).toMatch(new RegExp(`\\.visible \\.global \\.align 8 \\.u64 ${EXCEPTION_GLOBAL}`));
    expect(ptx).toMatch(/atom(\.acquire\.sys)?(\.global)?\.cas\.b64/);
    expect(ptx).toContain('membar.sys');
    expect(ptx).toMatch(/^\s*exit;$/m);
    // The message's bytes are in the module for the host to read back.
    expect(ptx).toContain(cString('out of range'));
  });

  it('rounds each f32 operation: no fused multiply-add, and none that ptxas may form', () => {
    // Math.fround at each step is JavaScript's f32 arithmetic exactly; fma.rn.f32 would round once.
    const ptx = compile(
      'function k(a, b, c) { const i = gpu.globalIdx.x; c[i] = Math.fround(Math.fround(a[i] * b[i]) + c[i]); }',
      ['f32[]', 'f32[]', 'f32[]'],
    ).output as string;
    expect(ptx).not.toMatch(/\bfma\./);
    // ptxas contracts a plain mul.f32 and add.f32; those with a rounding modifier it leaves apart.
    expect(ptx).toMatch(/mul\.rn\.f32/);
    expect(ptx).toMatch(/add\.rn\.f32/);
    // fastMath trades that for speed.
    const fast = compile(
      'function k(a, b, c) { const i = gpu.globalIdx.x; c[i] = a[i] * b[i] + c[i]; }',
      ['f32[]', 'f32[]', 'f32[]'],
      { params: { fastMath: true } },
    ).output as string;
    expect(fast).toMatch(/fma\.rn\.f32/);
  });

  it('raises BigInt division by zero and negative exponents as device exceptions at their line', () => {
    const ptx = compile('function k(a) {\n  a[0] = a[1] / a[2];\n  a[3] = a[4] ** a[5];\n}', ['i64[]'])
      .output as string;
    for (const message of ['RangeError: Division by zero', 'RangeError: Exponent must be non-negative'])
      expect(ptx).toContain(cString(message));
  });

  it('makes a kernel that returns a value a void .entry, the value dropped as JavaScript drops it', () => {
    const ptx = compile('function k(o) { o[0] = 1; return o[1] * 2; }', ['f64[]']).output as string;
    expect(ptx).toMatch(/\.visible \.entry k\(/);
    expect(ptx).not.toContain('func_retval0');
  });

  it('takes records and tuples of functions (no run-time content) as one byte, however nested', () => {
    const sq = new Function('return function sq(v) { return v * v; }')();
    const cube = new Function('return function cube(v) { return v * v * v; }')();
    const text = 'function k(ops, mixed, o) { o[0] = ops.f(2) + ops.pair[1](3) + mixed.g(mixed.a); }';
    const types = [
      typeOfValue({ f: sq, pair: [sq, cube] }),
      typeOfValue({ g: cube, a: 1.5 }),
    ] as KernelType[];
    const ptx = compile(text, [...types, 'f64[]']).output as string;
    expect(ptx).toMatch(/\.param \.align 1 \.b8 k_param_0\[1\]/);
    if (hasPtxas) expect(assemblePTX(ptx, 'sm_80').subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  });

  it('rejects kernels whose parameters exceed what PTX allows', () => {
    const wide = typeOfValue(Array.from({ length: 600 }, () => 0.5)) as KernelType;
    const job = cudaJob('function k(t, x) { x[0] = t[0]; }', [wide, 'f64[]']);
    expect(() => compileJob(compiler, job, { kind: 'assembly' })).toThrow(ValidationError);
    expect(() => compileJob(compiler, job, { kind: 'assembly' })).toThrow(
      /parameters take 4816 bytes; PTX allows 4096/,
    );
  });

  it('issues loads before the arithmetic that does not need them', () => {
    const ptx = compile(
      'function k(s, x, t, out) { const i = gpu.globalIdx.x; const q = Math.sqrt(t[i]); out[i] = Math.log(s[i] / x[i]) / q; }',
      ['f32[]', 'f32[]', 'f32[]', 'f32[]'],
    ).output as string;
    const order = ptx.split('\n').filter((l) => /ld\.global|sqrt\.rn/.test(l));
    expect(order.map((l) => (l.includes('sqrt') ? 'sqrt' : 'load'))).toEqual([
      'load',
      'load',
      'load',
      'sqrt',
    ]);
  });

  it('keeps a header of its own for every loop, which ptxas needs to compile nested loops right', async () => {
    // An outer loop whose body begins with an inner loop: with one header for both, ptxas -O3
    // kept the outer counter in a uniform register and the local-sort entry's insertion sort
    // returned zeros on an H100. LLVM 22 still gives the second kernel's two loops one header
    // when nothing marks them (both back edges branch to one label). At O2, as at O3 the sort's
    // outer loop of 8 steps unrolls fully and leaves 8 inner loops, none nested.
    const entry = (await loadConformance(corpusDirectory())).find((e) => e.name === 'local-sort');
    const kernels: [string, string[]][] = [
      [entry?.source ?? '', ['f32[]', 'f32[]']],
      [
        `function k(x, n, out) {
  const i = gpu.globalIdx.x;
  let b = i;
  let a = 0;
  while (a < n) {
    while (x[b] !== 0) b++;
    a += x[b + 1];
    b += 2;
  }
  out[i] = b;
}`,
        ['i32[]', 'i32', 'i32[]'],
      ],
    ];
    for (const [text, types] of kernels) {
      const lines = (compile(text, types, { config: { optLevel: 2 } }).output as string)
        .split('\n')
        .map((l) => l.trim());
      // Each loop's header is a block of its own: the two header marks lie under two distinct labels.
      const labelAbove = (n: number) => lines.slice(0, n).findLast((l) => /^[\w$]+:$/.test(l));
      const headers = lines.flatMap((l, n) => (l === '// gpuc: loop header' ? [labelAbove(n)] : []));
      expect(headers).toHaveLength(2);
      expect(new Set(headers).size).toBe(2);
    }
  });

  it('marks loop headers convergent in the module itself, with no copy through IR text', () => {
    const ir = compile(
      'function k(x, n) { const i = gpu.globalIdx.x; let s = 0; for (let j = 0; j < n; j++) s += x[j]; x[i] = s; }',
      ['f32[]', 'i32'],
      { kind: 'ir' },
    ).output as string;
    const context = createContext();
    try {
      const module = parseModule(context, ir, 'loop');
      const ptx = emitPTX(module, cudaTarget());
      expect(ptx).toContain('// gpuc: loop header');
      // The module handed in holds the marker, convergent (LLVM's printer names the group).
      const marker = /call void asm sideeffect "\/\/ gpuc: loop header", ""\(\) #(\d+)/.exec(module.print());
      expect(marker).not.toBeNull();
      expect(module.print()).toMatch(new RegExp(`attributes #${marker?.[1]} = \\{ convergent \\}`));
    } finally {
      context.dispose();
    }
  });

  it("leaves Math.max and Math.min to LLVM 22's NVPTX: max.NaN for f32, NaN and zero selects for f64", () => {
    const ptx = (type: string) =>
      compile(
        'function k(x, y, hi, lo) { const i = gpu.globalIdx.x; hi[i] = Math.max(x[i], y[i]); lo[i] = Math.min(x[i], y[i]); }',
        [`${type}[]`, `${type}[]`, `${type}[]`, `${type}[]`],
        { params: { ptxas: hasPtxas } },
      ).output as string;
    // PTX's .NaN forms are IEEE 754-2019's maximum and minimum (NaN wins, -0 below +0).
    const f32 = ptx('f32');
    expect(f32).toMatch(/max\.NaN\.f32/);
    expect(f32).toMatch(/min\.NaN\.f32/);
    // f64 has no .NaN form: max.f64 and min.f64, then NaN and the zero of the right sign chosen.
    const f64 = ptx('f64');
    expect(f64).toMatch(/max\.f64[\s\S]*setp\.nan\.f64|setp\.nan\.f64[\s\S]*max\.f64/);
    expect(f64).toContain('0d7FF8000000000000');
    expect(f64).toContain('-9223372036854775808');
  });

  it("rounds libdevice's pow to the exact integer where JavaScript's is exact", () => {
    // __nv_pow(3, 1) is 2.9999999999999996 on an H100: (3 ** k) | 0 gave 2 (js-numbers entry).
    const ptx = (type: string, params = {}) =>
      compile('function p(b, e, o) { o[0] = b[0] ** e[0]; }', [`${type}[]`, `${type}[]`, `${type}[]`], {
        params,
      }).output as string;
    expect(ptx('f64')).toMatch(/cvt\.rni\.f64\.f64/);
    expect(ptx('f32')).toMatch(/cvt\.rni\.f32\.f32/);
    // Fast math gives up f32 ulps only: f64 stays exact, and f32's fast pow keeps JavaScript's
    // special values (1 ** NaN is NaN, where the approximation, as C, gives 1).
    expect(ptx('f64', { fastMath: true })).toMatch(/cvt\.rni\.f64\.f64/);
    const fast = ptx('f32', { fastMath: true });
    expect(fast).not.toMatch(/cvt\.rni/);
    expect(fast).toMatch(/0f7FC00000/);
  });

  it.skipIf(!hasLibdevice)('computes two to an integral power from its bits, exact past 2^51', () => {
    // __nv_pow(2, 54) was below 2^54 on an H100: m * 2 ** e (ldexp written in JavaScript) lost
    // the last bits of 2^53 + 2 (eighth round of outside kernels, frexp and ldexp).
    for (const type of ['f32', 'f64']) {
      const ir =
        compile('function p(b, e, o) { o[0] = b[0] ** e[0]; }', [`${type}[]`, `${type}[]`, `${type}[]`], {
          kind: 'ir',
          keepUnoptimized: true,
        }).unoptimizedIR ?? '';
      // Core's exactPowerOfTwo: the biased exponent shifted into place, as the float's bits.
      expect(ir).toMatch(type === 'f32' ? /shl i32 %\S+, 23/ : /shl i64 %\S+, 52/);
      expect(ir).toMatch(type === 'f32' ? /bitcast i32 %\S+ to float/ : /bitcast i64 %\S+ to double/);
      expect(ir).toMatch(/fcmp oeq (float|double) %\S+, 2\.0+e\+00/);
    }
  });

  it.skipIf(!hasLibdevice)("computes float % with libdevice's fmod, as JavaScript's % is exact", () => {
    // NVPTX's frem gave NaN for an infinite divisor and +0 for -x % x on an H100.
    for (const type of ['f32', 'f64']) {
      const ir =
        compile('function r(a, b, o) { o[0] = a[0] % b[0]; }', [`${type}[]`, `${type}[]`, `${type}[]`], {
          kind: 'ir',
          keepUnoptimized: true,
        }).unoptimizedIR ?? '';
      expect(ir).not.toMatch(/= frem /);
      expect(ir).toMatch(type === 'f32' ? /call float @__nv_fmodf\(/ : /call double @__nv_fmod\(/);
    }
  });

  it('lays parameters out as the PTX declares them, for the driver', () => {
    const types = ['bool', 'i8', 'i16', 'f32', 'f64', 'u64', 'f64[]', 'f32[,]', 'i32[,,]'];
    const ptx = compile(
      'function k(a, b, c, d, e, f, x, v, w) { x[0] = (a ? 1 : 0) + b + c + d + e + Number(f) + v.get(0, 0) + w.get(0, 0, 0); }',
      types,
    ).output as string;
    const declared = [...ptx.matchAll(/\.param (?:\.align \d+ \.b8 \w+\[(\d+)\]|\.([usbf])(\d+) \w+)/g)].map(
      (m) => (m[1] ? Number(m[1]) : Number(m[3]) / 8),
    );
    expect(declared).toEqual(types.map((t) => layout(parseType(t) as KernelType).size));
    // One block of slots, each argument's bytes where its address says.
    const block = new ParameterBlock(types.slice(0, 4).map((t) => parseType(t) as KernelType));
    const kernelParams = block.fill([true, -2, 515, 1.5]);
    const { addresses } = block;
    expect(kernelParams).toBe(hostAddress(addresses));
    expect(addresses.length).toBe(4);
    expect(addresses[1] as bigint).toBe((addresses[0] as bigint) + 8n);
  });

  it.skipIf(!hasPtxas)(
    'compiles records and tuples merged field by field to PTX that ptxas assembles',
    () => {
      const text = `function k(x, u, n, o) {
      let acc = { mean: 0, count: 0, t: [0, u[0]] };
      for (let j = 0; j < n; j++) {
        const c = acc.count + 1;
        acc = { mean: acc.mean + (x[j] - acc.mean) / c, count: c, t: x[j] > 0 ? [x[j], 1] : [c, u[j]] };
      }
      o[0] = acc.mean + acc.t[0] + acc.t[1];
    }`;
      const code = compile(text, ['f32[]', 'u32[]', 'i32', 'f64[]'], { kind: 'assembly' }).output as string;
      // The loop carries the merged fields as f64 (mean, t[0] holding an f32 or an i32; t[1] a u32 or an i32).
      expect(code).toMatch(/cvt\.f64\.f32/);
      expect(assemblePTX(code, 'sm_90').length).toBeGreaterThan(0);
    },
  );

  it.skipIf(!hasPtxas)(
    'passes records and tuples by value and functions as one unused byte, as the host lays them out (needs ptxas)',
    () => {
      const sq = new Function('return function sq(v) { return v * v; }')();
      const types = [
        typeOfValue({ a: 1.5, xs: new Float32Array(1), on: true }),
        typeOfValue([1, new Int32Array(1)]),
        typeOfValue(sq),
        typeOfValue({}),
        typeOfValue(new Float32Array(1)),
      ] as KernelType[];
      const job = cudaJob(
        `function mixed(p, t, f, e, out) {
  const i = gpu.globalIdx.x;
  if (i < out.length) out[i] = p.a * p.xs[i] + t[0] + f(t[1][i]) + (p.on ? 100 : 0);
}`,
        types,
        { params: { computeCapability: 90 } },
      );
      const ptx = compileJob(compiler, job, { kind: 'assembly' }).output as string;
      const declared = [...ptx.matchAll(/\.param \.align \d+ \.b8 mixed_param_\d+\[(\d+)\]/g)].map((m) =>
        Number(m[1]),
      );
      expect(declared).toEqual(types.map((t) => layout(t).size));
      expect(declared[2]).toBe(1);
      // What ptxas accepts: the cubin of the same job.
      const cubin = compileJob(compiler, job, { kind: 'object' }).output as Buffer;
      expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    },
  );

  it.skipIf(!hasPtxas)('emits a cubin for the device when asked for an object (needs ptxas)', () => {
    const cubin = compile('function k(x) { x[0] = 1; }', ['f32[]'], {
      params: { computeCapability: 90 },
      kind: 'object',
    }).output as Buffer;
    expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  });

  it('moves every load of a block with its address ahead of the arithmetic, leaving values unnamed', () => {
    const ir = compile(
      `function k(x, y, n) {
  const i = gpu.globalIdx.x;
  const a = Math.sqrt(x[i]);
  const b = a * x[i + n];
  y[i] = b / x[i + 2 * n];
}`,
      ['f32[]', 'f32[]', 'i32'],
      { kind: 'ir' },
    ).ir;
    const lines = ir.split('\n');
    const loads = lines.flatMap((line, i) => (/= load /.test(line) ? [i] : []));
    expect(loads).toHaveLength(3);
    const sqrt = lines.findIndex((line) => line.includes('call float @llvm.sqrt'));
    expect(Math.max(...loads)).toBeLessThan(sqrt);
    expect(ir).not.toContain('gpuc.early');
  });

  it('checks the index of every atomic in the bounds-checking mode', () => {
    for (const call of ['gpu.atomicAdd(c, i, 1)', 'gpu.atomicMax(c, i, 1)', 'gpu.atomicCAS(c, i, 0, 1)']) {
      const ir = (checked: boolean) =>
        compile(`function k(c, i) { ${call}; }`, ['i32[]', 'i32'], {
          config: { boundsCheck: checked },
          kind: 'ir',
        }).ir;
      expect(ir(true), call).toContain('index out of range');
      expect(ir(false), call).not.toContain('index out of range');
    }
  });

  it('refuses static shared memory past 48 KiB at the array that crosses it, sized in 64 bits', () => {
    const two = (n: number) => `function k(x) {
  const a = gpu.sharedArray(Float32Array, 8192);
  const b = gpu.sharedArray(Float32Array, ${n});
  const t = gpu.threadIdx.x;
  a[t] = x[t]; b[t] = x[t + 1];
  gpu.barrier();
  x[t] = a[(t + 1) % 32] + b[(t + 2) % 32];
}`;
    let error: unknown;
    try {
      compile(two(4097), ['f32[]']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).code).toBe('unsupported-on-target');
    expect((error as CompileError).message).toMatch(
      /^cuda-\d+\.js:3:13: this array takes 16388 bytes, the kernel's shared arrays 49156: a block has 49152 bytes of static shared memory on cuda/,
    );
    // At the limit it compiles (and ptxas takes it).
    const ptx = compile(two(4096), ['f32[]']).output as string;
    expect(ptx).toContain('.shared');
    // Past 4 GiB the size does not wrap around.
    expect(() =>
      compile('function k(x) {\n  const s = gpu.sharedArray(Float64Array, 600000000);\n  x[0] = s[1];\n}', [
        'f64[]',
      ]),
    ).toThrow(/:2:13: this array takes 4800000000 bytes: a block has 49152 bytes/);
  });

  it('refuses local arrays past the local memory of a thread at the array', () => {
    expect(() =>
      compile('function k(x) {\n  const a = new Float32Array(200000);\n  x[0] = a[gpu.threadIdx.x];\n}', [
        'f32[]',
      ]),
    ).toThrow(/:2:13: this array takes 800000 bytes: cuda gives a kernel's local arrays 524288 bytes/);
  });
  it('calls the hooks a plugin taps for CUDA on CUDA jobs only, never in a native compile', () => {
    const calls: string[] = [];
    const recorder: CompilerPlugin = {
      name: 'cuda-recorder',
      apply(target) {
        const hooks = target.hooks.for('cuda');
        hooks.prepareJob.tap('cuda-recorder', (job) => {
          calls.push(`prepareJob ${job.target.name}`);
        });
        hooks.finishIR.tap('cuda-recorder', (entry, _module, job) => {
          calls.push(`finishIR ${job.target.name}`);
          return entry;
        });
        hooks.validateIR.tap('cuda-recorder', (problems, _module, job) => {
          calls.push(`validateIR ${job.target.name}`);
          return problems;
        });
      },
    };
    const both = createCompiler().use(new CudaPlugin(), recorder);
    const job = (target: string) =>
      createJob(
        sourceFromText('function k(x) { x[gpu.globalIdx.x] = 1; }', 'recorded.js'),
        [parseType('f32[]') as KernelType],
        both.target(target),
      );
    const native = compileJob(both, job('native'), { kind: 'ir' });
    expect(calls).toEqual([]);
    expect(native.ir).not.toContain('nvvm');
    const cuda = compileJob(both, job('cuda'), { kind: 'assembly' });
    expect(calls).toEqual(['prepareJob cuda', 'finishIR cuda', 'validateIR cuda']);
    expect(cuda.output).toContain('.entry k(');
  });

  it('declares captured arrays as constant-memory globals the launch fills, compiled once for any contents', () => {
    const text = 'function lookup(x) { const i = gpu.globalIdx.x; x[i] = lut[i % lut.length] * p.w[i % 2]; }';
    const compileWith = (lut: Float32Array, w: Float64Array, kind: 'assembly' | 'object' = 'assembly') =>
      compile(text, ['f32[]'], { file: 'lookup.js', scope: { lut, p: { w } }, kind });
    const first = compileWith(Float32Array.from([1.5, 2.5, 3.5, 4.5]), Float64Array.from([7, 9]));
    const ptx = first.output as string;
    // Declared without contents: the launch writes them (cuModuleGetGlobal, then a copy).
    expect(ptx).toMatch(/^\.visible \.const \.align 4 \.b8 gpuc_captured_0\[16\];$/m);
    expect(ptx).toMatch(/^\.visible \.const \.align 8 \.b8 gpuc_captured_1\[16\];$/m);
    expect(ptx).toMatch(/ld\.const\.b32/);
    expect(first.captures).toEqual([
      { symbol: 'gpuc_captured_0', path: ['lut'], bytes: 16 },
      { symbol: 'gpuc_captured_1', path: ['p', 'w'], bytes: 16 },
    ]);
    const second = compileWith(new Float32Array(4), Float64Array.from([-1, 1]));
    expect(second.timings.codegen).toBeUndefined();
    expect(second.output).toBe(ptx);
    // Another length is another compile.
    expect(compileWith(new Float32Array(8), new Float64Array(2)).timings.codegen).toBeGreaterThan(0);
    if (hasPtxas) {
      const cubin = compileWith(new Float32Array(4), new Float64Array(2), 'object').output as Buffer;
      expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    }
  });

  it('refuses captured arrays past 64 KiB of constant memory at the name, before ptxas would', () => {
    const job = (lut: Float32Array, w: Float32Array) =>
      cudaJob('function big(x) {\n  const i = gpu.globalIdx.x;\n  x[i] = w[i] + lut[i];\n}', ['f32[]'], {
        file: 'big.js',
        scope: { lut, w },
      });
    // 64 KiB together compiles; one element more is refused at the array that crosses it.
    compileJob(compiler, job(new Float32Array(8192), new Float32Array(8192)), { kind: 'assembly' });
    let error: unknown;
    try {
      compileJob(compiler, job(new Float32Array(8193), new Float32Array(8192)), { kind: 'assembly' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).code).toBe('unsupported-on-target');
    expect((error as CompileError).message).toMatch(
      /^big\.js:3:17: this array takes 32772 bytes, the kernel's captured arrays 65540: cuda holds 65536 bytes of them in constant memory/,
    );
  });
});
