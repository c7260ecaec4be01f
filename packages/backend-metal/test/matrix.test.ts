// The warp matrix operations on Apple GPUs, compiled and never run (no Apple GPU here): 2x2
// simdgroup 8x8 matrices per fragment, eight multiply-accumulates per product, the AIR calls
// Apple's compiler emits with typed pointers their names agree with, a metallib whose AIR LLVM
// 22 reads back and verifies, TF32 rounding of the elements a thread owns, and coded refusals
// of bf16 operands and of tiles in constant memory.
import { CompileError, createCompiler, typeOfValue } from '@gpuc/core';
import { conformanceHelpers, corpusDirectory, loadConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import { testCompile } from '../../core/test/jobs.js';
import { metalConformance } from '../src/conformance.js';
import { typeKey } from '../src/target/bitcode/model.js';
import { parseIR } from '../src/target/bitcode/parse.js';
import { withTypedPointers } from '../src/target/bitcode/pointers.js';
import { MetalPlugin } from '../src/target/plugin.js';

const corpus = await loadConformance(corpusDirectory());
const entry = (name: string) => corpus.find((e) => e.name === name) as (typeof corpus)[number];
const compiler = createCompiler().use(new MetalPlugin());
function compile(source: string, types: string[], name = 'matrix', scope: Record<string, unknown> = {}) {
  return testCompile(compiler, 'metal', source, types, { scope, kind: 'ir', file: `${name}.js` });
}

const tileTypes = (element: string) => [`${element}[]`, `${element}[]`, 'f32[]', 'f32[]', 'i32', 'i32'];
const count = (text: string, pattern: string) => text.split(pattern).length - 1;

function refusal(run: () => unknown): CompileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CompileError);
    return error as CompileError;
  }
  throw new Error('compiled');
}

describe('warp matrix operations on Metal', () => {
  it('multiply as 2x2 simdgroup 8x8 matrices: eight multiply-accumulates per product', () => {
    const { ir } = compile(entry('matrix-f16').source, tileTypes('f16'));
    const mac = '@air.simdgroup_matrix_8x8_multiply_accumulate.v64f32.v64f16.v64f16.v64f32(';
    expect(count(ir, `call <64 x float> ${mac}`)).toBe(8);
    // A from device and threadgroup memory, B from threadgroup memory, C to and from device memory.
    expect(ir).toContain('call <64 x half> @air.simdgroup_matrix_8x8_load.v64f16.p1f16(');
    expect(ir).toContain('call <64 x half> @air.simdgroup_matrix_8x8_load.v64f16.p3f16(');
    expect(ir).toContain('call <64 x float> @air.simdgroup_matrix_8x8_load.v64f32.p1f32(');
    expect(ir).toContain('@air.simdgroup_matrix_8x8_init_filled.v64f32.f32(float 5.000000e-01)');
    expect(count(ir, 'call void @air.simdgroup_matrix_8x8_store.v64f32.p1f32(')).toBe(4);
    // The shared tile's shape: 16 elements a row.
    expect(ir).toContain('<2 x i64> <i64 16, i64 8>, <2 x i64> <i64 1, i64 16>, <2 x i64> zeroinitializer');
  });

  it('writes AIR whose simdgroup calls take the typed pointers their names say, in a metallib that verifies', () => {
    const { ir } = compile(entry('matrix-f16').source, tileTypes('f16'));
    const module = withTypedPointers(parseIR(ir));
    const declared = (name: string) => typeKey(module.functions.find((f) => f.name === name)?.type as never);
    expect(declared('air.simdgroup_matrix_8x8_load.v64f16.p3f16')).toBe(
      '<64 x half> (half addrspace(3)*, <2 x i64>, <2 x i64>, <2 x i64>)',
    );
    expect(declared('air.simdgroup_matrix_8x8_store.v64f32.p1f32')).toBe(
      'void (<64 x float>, float addrspace(1)*, <2 x i64>, <2 x i64>, <2 x i64>)',
    );
    for (const name of ['matrix-f16', 'matrix-tf32']) {
      const e = entry(name);
      const types = e
        .args(conformanceHelpers)
        .map((a) => typeOfValue(a) as NonNullable<ReturnType<typeof typeOfValue>>);
      expect(metalConformance.check?.(e, types, []) as string).toMatch(/; verified$/);
    }
  });

  it('types a simdgroup load from its name even where its first call passes a byte pointer', () => {
    const module = withTypedPointers(
      parseIR(`target triple = "air64-apple-macosx14.0.0"
define void @k(ptr addrspace(1) %data) {
  %at = getelementptr inbounds i8, ptr addrspace(1) %data, i64 32
  %m = call <64 x half> @air.simdgroup_matrix_8x8_load.v64f16.p1f16(ptr addrspace(1) %at, <2 x i64> <i64 8, i64 8>, <2 x i64> <i64 1, i64 8>, <2 x i64> zeroinitializer)
  ret void
}
declare <64 x half> @air.simdgroup_matrix_8x8_load.v64f16.p1f16(ptr addrspace(1), <2 x i64>, <2 x i64>, <2 x i64>)
`),
    );
    const load = module.functions.find((f) => f.name === 'air.simdgroup_matrix_8x8_load.v64f16.p1f16');
    expect(typeKey(load?.type as never)).toBe(
      '<64 x half> (half addrspace(1)*, <2 x i64>, <2 x i64>, <2 x i64>)',
    );
  });

  it('rounds to TF32 the two elements each thread owns of an f32 operand, not the accumulator', () => {
    const { ir } = compile(entry('matrix-tf32').source, tileTypes('f32'));
    expect(
      count(
        ir,
        'call <64 x float> @air.simdgroup_matrix_8x8_multiply_accumulate.v64f32.v64f32.v64f32.v64f32(',
      ),
    ).toBe(8);
    // Eight operand matrices (A's four and B's four), elements 0 and 1 of each put back rounded.
    expect(count(ir, 'insertelement <64 x float>')).toBe(16);
    expect(ir).toMatch(/and i32 %\S+, -8192/);
  });

  it('refuses bf16 operands and tiles in constant memory with a coded error at the call', () => {
    const bf16 = refusal(() => compile(entry('matrix-bf16').source, tileTypes('bf16'), 'matrix-bf16'));
    expect(bf16.code).toBe('unsupported-on-target');
    expect(bf16.message).toMatch(
      /^matrix-bf16\.js:9:33: gpu\.matrixLoadA is not supported on Metal for bf16 operands/,
    );
    const captured = refusal(() =>
      compile(
        `function k(b, out) {
  const acc = gpu.matrixMultiplyAdd(gpu.matrixLoadA(A, 0, 16), gpu.matrixLoadB(b, 0, 16), gpu.matrixFill(0));
  gpu.matrixStore(out, 0, 16, acc);
}`,
        ['f32[]', 'f32[]'],
        'captured',
        { A: new Float32Array(256) },
      ),
    );
    expect(captured.code).toBe('unsupported-on-target');
    expect(captured.message).toMatch(
      /^captured\.js:2:37: gpu\.matrixLoadA is not supported on Metal for arrays captured from the scope/,
    );
  });
});
