import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileJob,
  createCompiler,
  createJob,
  f32,
  type KernelType,
  parseType,
  show,
  typeOfValue,
} from '@gpuc/core';
import { findTool, runTool, TypeMapper, toSource } from '@gpuc/core/compiler';
import { createContext, llvm } from '@gpuc/core/llvm';
import { corpusDirectory, entryJob, conformanceHelpers as helpers, loadConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import { type DispatchValues, KernargLayout, layout } from '../src/hsa/kernargs.js';
import type { KernelMetadata } from '../src/hsa/metadata.js';
import { linkCodeObject } from '../src/target/code-object.js';
import { findReadelf, readMetadata } from '../src/target/metadata.js';
import { RocmPlugin } from '../src/target/plugin.js';
import { AMDGPU_DATA_LAYOUT, ROCM_ADDRESS_SPACES } from '../src/target/target.js';

const compiler = createCompiler().use(new RocmPlugin());
const hasTools = findReadelf() !== null;
const llc = findTool({ names: ['llc-22', 'llc'], env: 'GPUC_LLC', dirs: ['/usr/lib/llvm-22/bin'] });

/** Compiles a kernel for ROCm and reads its code object's metadata for it. */
function compiled(job: Parameters<typeof compileJob>[1]): KernelMetadata {
  const result = compileJob(compiler, job, { kind: 'object' });
  const kernel = readMetadata(result.output as Buffer).kernels.find((k) => k.name === result.entry);
  if (!kernel) throw new Error(`no metadata for ${result.entry}`);
  return kernel;
}

/** The explicit arguments as the metadata has them, and as gpuc lays out the types. */
function compare(types: readonly KernelType[], kernel: KernelMetadata) {
  const explicit = kernel.args.filter((a) => !a.valueKind.startsWith('hidden_'));
  const ours = KernargLayout.fromTypes(types);
  expect(ours.explicit.map(({ offset, size }) => ({ offset, size }))).toEqual(
    explicit.map(({ offset, size }) => ({ offset, size })),
  );
  expect(ours.size).toBe(kernel.kernargSegmentSize);
  const checked = KernargLayout.fromMetadata(types, kernel);
  expect(checked.size).toBe(kernel.kernargSegmentSize);
  expect(checked.explicit).toEqual(ours.explicit);
}

// Every parameter kind gpuc passes: bool, small and 64-bit integers, a record, a tuple, a 3-D
// view, an array, and (in `apply`) a function, which has no run-time content.
const MIXED = {
  text: `function mixed(flag, small, p, t, big, m3, out) {
  const i = gpu.globalIdx.x;
  if (flag) out[i] = small + p.a + p.b + t[0] + t[1] + Number(big) + m3.get(0, 0, 0);
}`,
  file: 'mixed.js',
};
const MIXED_TYPES = [
  parseType('bool'),
  parseType('i16'),
  typeOfValue({ a: f32(1.5), b: 2.5 }),
  typeOfValue([f32(1), 2.5]),
  parseType('i64'),
  parseType('f32[,,]'),
  parseType('f32[]'),
] as KernelType[];
const APPLY = { text: 'function apply(f, n, out) { out[gpu.globalIdx.x] = f(n); }', file: 'apply.js' };
const square = (x: number) => x * x;
const APPLY_TYPES = [typeOfValue(square), parseType('i32'), parseType('f32[]')] as KernelType[];

const entries = await loadConformance(corpusDirectory());

describe.skipIf(!hasTools)(
  'kernel-argument layout against the code objects (skipped without llvm-22)',
  () => {
    // Every entry but the warpgroup matrix one, which ROCm refuses.
    const compilable = entries.filter((e) => !e.features?.includes('warpgroup-matrix'));
    it.for(compilable.map((e) => [e.name, e] as const))(
      'lays out the arguments of the corpus kernel %s as its metadata says',
      ([, entry]) => {
        const types = entry.args(helpers).map((a) => typeOfValue(a) as KernelType);
        const job = entryJob(entry, types, compiler.target('rocm'));
        compare(types, compiled(job));
      },
    );

    it('lays out bool, i16, record, tuple, i64, 3-D view and array arguments as the metadata says', () => {
      const kernel = compiled(createJob(toSource(MIXED), MIXED_TYPES, compiler.target('rocm')));
      compare(MIXED_TYPES, kernel);
      expect(kernel.args.map((a) => [a.offset, a.size])).toEqual([
        [0, 1],
        [2, 2],
        [8, 16],
        [24, 16],
        [40, 8],
        [48, 24],
        [72, 16],
      ]);
    });

    it('gives a function argument no bytes', () => {
      const kernel = compiled(createJob(toSource(APPLY), APPLY_TYPES, compiler.target('rocm')));
      compare(APPLY_TYPES, kernel);
      expect(layout(APPLY_TYPES[0] as KernelType)).toEqual({ size: 0, align: 1 });
    });

    it('refuses metadata that disagrees with the argument types', () => {
      const kernel = compiled(createJob(toSource(APPLY), APPLY_TYPES, compiler.target('rocm')));
      const wrong = [APPLY_TYPES[0], parseType('f64'), APPLY_TYPES[2]] as KernelType[];
      expect(() => KernargLayout.fromMetadata(wrong, kernel)).toThrow(
        /apply's code object puts argument 2 \(n\) at offset 0 in 4 bytes; its type needs offset 0 and 8 bytes/,
      );
      expect(() => KernargLayout.fromMetadata(APPLY_TYPES.slice(1), kernel)).toThrow(/takes 3 arguments/);
    });
  },
);

describe('kernel-argument layout against LLVM', () => {
  const context = createContext();
  const l = llvm();
  const mapper = new TypeMapper(context, ROCM_ADDRESS_SPACES);
  const dataLayout = new l.DataLayout(AMDGPU_DATA_LAYOUT);
  /** LLVM's size and ABI alignment of a kernel type's parameter type (alignment: the offset after an i8). */
  const llvmLayout = (type: KernelType) => {
    const mapped = mapper.value(type);
    const size = dataLayout.getTypeAllocSize(mapped);
    const padded = dataLayout.getTypeAllocSize(
      l.StructType.get(context, [l.Type.getInt8Ty(context), mapped]),
    );
    return { size, align: padded - size || 1 };
  };
  const everyType = (type: KernelType): KernelType[] => [
    type,
    ...(type.kind === 'record' ? type.fields.flatMap(([, t]) => everyType(t)) : []),
    ...(type.kind === 'tuple' ? type.elements.flatMap(everyType) : []),
  ];

  it('sizes and aligns every kind of argument, and every member of one, as the AMDGPU data layout does', async () => {
    const types = [
      ...MIXED_TYPES,
      ...APPLY_TYPES,
      ...['i8', 'u8', 'u16', 'i32', 'u32', 'u64', 'f32', 'f64', 'u8[]', 'f64[,]', 'i64[,,,]'].map(
        (t) => parseType(t) as KernelType,
      ),
      typeOfValue({ x: true, y: [f32(1), 2n], z: { w: 3 } }) as KernelType,
      typeOfValue([new Float64Array(2), f32(1)]) as KernelType,
      ...entries.flatMap((e) => e.args(helpers).map((a) => typeOfValue(a) as KernelType)),
    ].flatMap(everyType);
    expect(types.length).toBeGreaterThan(40);
    for (const type of types)
      expect({ type: show(type), ...layout(type) }).toEqual({ type: show(type), ...llvmLayout(type) });
  });
});

/** A dispatch's values for the hidden arguments, all different so that each can be told apart. */
const DISPATCH: DispatchValues = {
  workgroups: [40, 3, 2],
  workgroupSize: [64, 2, 1],
  dimensions: 3,
  dynamicSharedBytes: 4096,
  queue: 0x7f00_1234_5600n,
};

describe('packing kernel arguments', () => {
  it('writes each argument at its offset as the kernel reads it', () => {
    const types = MIXED_TYPES;
    const kernargs = KernargLayout.fromTypes(types);
    const view = new DataView(new ArrayBuffer(128));
    new Uint8Array(view.buffer).fill(0xee);
    const m3 = { array: { pointer: 0x1000_0000_2000n, length: 24 }, shape: [2, 3, 4] };
    const out = { pointer: 0x1000_0000_4000n, length: 32 };
    kernargs.pack(view, 8, [true, -2, { a: f32(1.5), b: 2.25 }, [f32(-1), 0.5], -5n, m3, out], DISPATCH);
    const at = (n: number) => 8 + n;
    expect(view.getUint8(at(0))).toBe(1);
    expect(view.getUint8(at(1))).toBe(0); // padding is zeroed
    expect(view.getInt16(at(2), true)).toBe(-2);
    expect(view.getFloat32(at(8), true)).toBe(1.5);
    expect(view.getFloat64(at(16), true)).toBe(2.25);
    expect(view.getFloat32(at(24), true)).toBe(-1);
    expect(view.getFloat64(at(32), true)).toBe(0.5);
    expect(view.getBigInt64(at(40), true)).toBe(-5n);
    expect(view.getBigUint64(at(48), true)).toBe(0x1000_0000_2000n);
    expect([56, 60, 64, 68].map((n) => view.getUint32(at(n), true))).toEqual([24, 2, 3, 4]);
    expect(view.getBigUint64(at(72), true)).toBe(0x1000_0000_4000n);
    expect(view.getUint32(at(80), true)).toBe(32);
    expect(view.getUint8(7)).toBe(0xee); // nothing before the segment
    expect(view.getUint8(at(kernargs.size))).toBe(0xee); // nor after it
  });

  it('says which argument cannot be packed, and why', () => {
    const kernargs = KernargLayout.fromTypes([
      parseType('f32') as KernelType,
      parseType('f32[,]') as KernelType,
    ]);
    const view = new DataView(new ArrayBuffer(64));
    const matrix = { array: { pointer: 16n, length: 4 }, shape: [2, 2] };
    expect(() => kernargs.pack(view, 0, [1, new Float32Array(4)], DISPATCH)).toThrow(
      /argument 2: an array argument must be in device memory, not a Float32Array/,
    );
    expect(() => kernargs.pack(view, 0, ['x', matrix], DISPATCH)).toThrow(
      /argument 1: a f32 argument cannot be the string "x"/,
    );
    expect(() => kernargs.pack(view, 0, [1, { ...matrix, shape: [4] }], DISPATCH)).toThrow(
      /needs 2 extents, not 1/,
    );
    expect(() => kernargs.pack(view, 0, [1], DISPATCH)).toThrow(/takes 2 arguments, not 1/);
    expect(() => kernargs.pack(view, 40, [1, matrix], DISPATCH)).toThrow(/do not fit/);
  });
});

const IMPLICIT = readFileSync(join(import.meta.dirname, 'fixtures', 'implicit-args.ll'), 'utf8');

/** The fixture kernel that reads its hidden arguments, as an object of a code object version. */
function implicitArgsObject(version: 4 | 5): Buffer {
  return runTool(llc as string, [{ name: 'hidden.ll', data: IMPLICIT }], 'hidden.o', ([input], output) => [
    '-mtriple=amdgcn-amd-amdhsa',
    '-mcpu=gfx90a',
    `--amdhsa-code-object-version=${version}`,
    '-filetype=obj',
    '-o',
    output,
    input as string,
  ]);
}

describe.skipIf(!hasTools || llc === null)('hidden kernel arguments (skipped without llvm-22)', () => {
  const types = [parseType('f32[]') as KernelType];
  const x = { pointer: 0x2000n, length: 8 };

  it('zeroes the hidden arguments of a code object v4: no offset, no runtime services', () => {
    const [kernel] = readMetadata(linkCodeObject(implicitArgsObject(4))).kernels;
    const kernargs = KernargLayout.fromMetadata(types, kernel as KernelMetadata);
    expect(kernargs.hidden.map((a) => a.valueKind)).toEqual([
      'hidden_global_offset_x',
      'hidden_global_offset_y',
      'hidden_global_offset_z',
      'hidden_hostcall_buffer',
      'hidden_default_queue',
      'hidden_completion_action',
      'hidden_multigrid_sync_arg',
    ]);
    expect(kernargs.size).toBe(72);
    const view = new DataView(new ArrayBuffer(kernargs.size));
    new Uint8Array(view.buffer).fill(0xee);
    kernargs.pack(view, 0, [x], DISPATCH);
    expect(view.getBigUint64(0, true)).toBe(0x2000n);
    expect(new Uint8Array(view.buffer, 16).every((b) => b === 0)).toBe(true);
  });

  it('fills the geometry a code object v5 asks for (linked in process by lld)', () => {
    const [kernel] = readMetadata(linkCodeObject(implicitArgsObject(5))).kernels;
    const kernargs = KernargLayout.fromMetadata(types, kernel as KernelMetadata);
    const view = new DataView(new ArrayBuffer(kernargs.size));
    kernargs.pack(view, 0, [x], DISPATCH);
    const value = (kind: string) => {
      const arg = kernargs.hidden.find((a) => a.valueKind === kind);
      if (!arg) throw new Error(`no ${kind}`);
      return arg.size === 8
        ? view.getBigUint64(arg.offset, true)
        : arg.size === 4
          ? view.getUint32(arg.offset, true)
          : view.getUint16(arg.offset, true);
    };
    expect(['x', 'y', 'z'].map((a) => value(`hidden_block_count_${a}`))).toEqual([40, 3, 2]);
    expect(['x', 'y', 'z'].map((a) => value(`hidden_group_size_${a}`))).toEqual([64, 2, 1]);
    expect(['x', 'y', 'z'].map((a) => value(`hidden_remainder_${a}`))).toEqual([0, 0, 0]);
    expect(['x', 'y', 'z'].map((a) => value(`hidden_global_offset_${a}`))).toEqual([0n, 0n, 0n]);
    expect(value('hidden_grid_dims')).toBe(3);
    expect(value('hidden_multigrid_sync_arg')).toBe(0n);
  });

  it('refuses a hidden argument it does not know how to fill', () => {
    const [kernel] = readMetadata(linkCodeObject(implicitArgsObject(4))).kernels as KernelMetadata[];
    const odd = {
      ...(kernel as KernelMetadata),
      args: [...(kernel as KernelMetadata).args, { offset: 72, size: 8, valueKind: 'hidden_mystery' }],
    };
    expect(() => KernargLayout.fromMetadata(types, odd)).toThrow(
      /a hidden argument gpuc cannot fill: hidden_mystery/,
    );
  });
});
