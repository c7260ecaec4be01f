// Which back-ends lower each entry of the intrinsic catalogue, and printing: one small kernel
// per entry and back-end, compiled to IR. An entry a back-end does not lower must be refused
// with a coded CompileError (an overlay saying what the target cannot do, a type the target
// lacks, or the front end's own rule): the listing below says which, so that an entry added
// without a lowering, or a lowering lost, shows up here.
import { CudaPlugin } from '@gpuc/backend-cuda';
import { MetalPlugin } from '@gpuc/backend-metal';
import { RocmPlugin } from '@gpuc/backend-rocm';
import { WebGPUPlugin } from '@gpuc/backend-webgpu';
import {
  CompileError,
  compileJob,
  createCompiler,
  createJob,
  parseType,
  sourceFromText,
  ValidationError,
} from '@gpuc/core';
import { CATALOGUE, catalogueEntries, isIntrinsicName, PRINT } from '@gpuc/core/compiler';
import { describe, expect, it } from 'vitest';

const compiler = createCompiler().use(
  new CudaPlugin(),
  new RocmPlugin(),
  new MetalPlugin(),
  new WebGPUPlugin(),
);

/** The targets, by the name the listing uses: Metal before macOS 15 (the default) and from it. */
const TARGETS = {
  native: ['native', {}],
  cuda: ['cuda', {}],
  rocm: ['rocm', {}],
  metal: ['metal', {}],
  metal15: ['metal', { macos: '15.0' }],
  webgpu: ['webgpu', {}],
};

const ALL = 'native cuda rocm metal metal15 webgpu';
const NO_F64 = 'native cuda rocm';

/** Entries every back-end but WebGPU lowers. */
const NOT_ON_WEBGPU = [
  'Math.exp Math.expm1 Math.log Math.log1p Math.log2',
  'Math.log10 Math.sin Math.cos Math.tan Math.asin Math.acos Math.atan Math.sinh',
  'Math.cosh Math.tanh Math.asinh Math.acosh Math.atanh Math.atan2 Math.pow',
  'BigInt.asIntN BigInt.asUintN i8 u8 i16 u16',
].join(' ');

/** The warp matrix operations, and a kernel's use of each (fragments are opaque). */
const MATRIX_USES = {
  'gpu.matrixLoadA': 'gpu.matrixLoadA(a, 0, 16)',
  'gpu.matrixLoadB': 'gpu.matrixLoadB(a, 0, 16)',
  'gpu.matrixLoadAccumulator': 'gpu.matrixStore(b, 0, 16, gpu.matrixLoadAccumulator(b, 0, 16))',
  'gpu.matrixFill': 'gpu.matrixStore(b, 0, 16, gpu.matrixFill(1))',
  'gpu.matrixMultiplyAdd':
    'gpu.matrixStore(b, 0, 16, gpu.matrixMultiplyAdd(gpu.matrixLoadA(a, 0, 16), gpu.matrixLoadB(a, 0, 16), gpu.matrixFill(0)))',
  'gpu.matrixStore': 'gpu.matrixStore(b, 0, 16, gpu.matrixFill(0))',
};
const MATRIX = Object.keys(MATRIX_USES);
/** The warpgroup ones (wgmma), each in a kernel that compiles wherever they are lowered. */
const TILE = 'gpu.sharedArray(Float16Bits, 1024), 0';
/** Tiles in the 128-byte swizzle: B's 64 columns are one swizzle atom wide. */
const SWIZZLED_TILE = 'gpu.sharedArray(Float16Bits, 4096), 0';
const WARPGROUP_USES = {
  'gpu.matrixWarpgroupFill': 'gpu.matrixWarpgroupStore(b, 0, 8, gpu.matrixWarpgroupFill(1, 8))',
  'gpu.matrixWarpgroupMultiplyAdd': `gpu.matrixWarpgroupStore(b, 0, 8, gpu.matrixWarpgroupWait(0, gpu.matrixWarpgroupMultiplyAdd(${TILE}, ${TILE}, gpu.matrixWarpgroupFill(0, 8))))`,
  'gpu.matrixWarpgroupMultiplyAddSwizzled': `gpu.matrixWarpgroupStore(b, 0, 64, gpu.matrixWarpgroupWait(0, gpu.matrixWarpgroupMultiplyAddSwizzled(${SWIZZLED_TILE}, ${SWIZZLED_TILE}, gpu.matrixWarpgroupFill(0, 64), 128)))`,
  'gpu.matrixWarpgroupCommit': 'gpu.matrixWarpgroupCommit()',
  'gpu.matrixWarpgroupWait':
    'gpu.matrixWarpgroupStore(b, 0, 8, gpu.matrixWarpgroupWait(0, gpu.matrixWarpgroupFill(0, 8)))',
  'gpu.matrixWarpgroupStore': 'gpu.matrixWarpgroupStore(b, 0, 8, gpu.matrixWarpgroupFill(0, 8))',
};

/**
 * Who lowers each entry (every target where it is not listed); the rest refuse it with the
 * coded error named: an overlay's refusal or a lacking type (`unsupported-on-target`), no
 * generator (the same code, "has no implementation on"), or the front end's rule. `invalid`
 * marks a known gap: code AIR cannot hold, which Metal's validation finds (a ValidationError,
 * not yet a coded refusal). A Math library function Metal neither calls as AIR's (intrinsics.ts)
 * nor takes from the library in f32 (`single`) falls there too: the generic lowering calls
 * libm's `foof`, which AIR lacks.
 */
const LOWERED_BY = {
  'gpu.threadFence': 'native cuda rocm metal15 webgpu; metal: unsupported-on-target',
  'gpu.threadFenceBlock': 'native cuda rocm metal15 webgpu; metal: unsupported-on-target',
  'gpu.threadFenceSystem': 'native cuda rocm metal15; metal webgpu: unsupported-on-target',
  'gpu.clock': 'native cuda rocm; metal metal15 webgpu: unsupported-on-target',
  'gpu.copyAsync': 'native cuda rocm metal metal15; webgpu: unsupported-on-target',
  'gpu.copyAsyncCommit': 'native cuda rocm metal metal15; webgpu: unsupported-on-target',
  'gpu.copyAsyncWait': 'native cuda rocm metal metal15; webgpu: unsupported-on-target',
  'gpu.highWord': `${NO_F64}; metal metal15 webgpu: unsupported-on-target`,
  'gpu.lowWord': `${NO_F64}; metal metal15 webgpu: unsupported-on-target`,
  'gpu.fromWords': `${NO_F64}; metal metal15 webgpu: unsupported-on-target`,
  'Math.random': `; ${ALL}: type-mismatch`,
  Number: `${NO_F64}; metal metal15 webgpu: unsupported-on-target`,
  f64: `${NO_F64}; metal metal15 webgpu: unsupported-on-target`,
  [PRINT]: 'native cuda; rocm metal metal15 webgpu: unsupported-on-target',
  // Warp matrix operations: tensor cores on CUDA, MFMA on ROCm's gfx90a, simdgroup matrices on
  // Metal, the exact emulation natively.
  ...Object.fromEntries(
    MATRIX.map((name) => [name, 'native cuda rocm metal metal15; webgpu: unsupported-on-target']),
  ),
  // Warpgroup matrix operations: wgmma on CUDA's sm_90a alone (not the sm_80 here), the exact
  // emulation natively.
  ...Object.fromEntries(
    Object.keys(WARPGROUP_USES).map((name) => [
      name,
      'native; cuda rocm metal metal15 webgpu: unsupported-on-target',
    ]),
  ),
  // WebGPU: no 8- or 16-bit integers, no BigInt.asIntN/asUintN, and no Math function
  // whose WGSL version is not correctly rounded (WGSL allows ULPs of error) but sqrt, cbrt and
  // hypot, which WebGPU computes exactly (and gpu.fma, rounded once).
  ...Object.fromEntries(
    NOT_ON_WEBGPU.split(' ').map((name) => [
      name,
      'native cuda rocm metal metal15; webgpu: unsupported-on-target',
    ]),
  ),
};

/** Calls whose arguments are not plain numbers: the call, and the kernel's parameter types. */
const SPECIAL = {
  ...Object.fromEntries(
    Object.entries({ ...MATRIX_USES, ...WARPGROUP_USES }).map(([name, call]) => [
      name,
      { call, params: ['f16[]', 'f32[]'], result: 'void' },
    ]),
  ),
  'gpu.sharedArray': { call: 'gpu.sharedArray(Float32Array, 4)', params: [], result: 'array' },
  'gpu.copyAsync': {
    call: 'gpu.copyAsync(gpu.sharedArray(Float32Array, 4), 0, a, 0)',
    params: ['f32[]'],
    result: 'void',
  },
  'gpu.dynamicSharedArray': { call: 'gpu.dynamicSharedArray(Float32Array)', params: [], result: 'array' },
  'gpu.highWord': { call: 'gpu.highWord(a)', params: ['f64'] },
  'gpu.lowWord': { call: 'gpu.lowWord(a)', params: ['f64'] },
  // The bits are a constant (the rule refuses others).
  'BigInt.asIntN': { call: 'BigInt.asIntN(8, a)', params: ['u64'], result: parseType('i64') },
  'BigInt.asUintN': { call: 'BigInt.asUintN(8, a)', params: ['i64'], result: parseType('u64') },
  i64: { call: 'i64(a)', params: ['u64'] },
  // An integer count: a float one must be a constant once optimised (the others refuse it).
  'gpu.copyAsyncWait': { params: ['i32'], result: 'void' },
  // A lane is an index (integral), which an f32 parameter is not.
  ...Object.fromEntries(
    ['gpu.shuffle', 'gpu.shuffleUp', 'gpu.shuffleDown', 'gpu.shuffleXor'].map((name) => [
      name,
      { params: ['f32', 'i32'] },
    ]),
  ),
  u64: { call: 'u64(a)', params: ['i64'] },
  [PRINT]: { call: "console.log('%f', a)", params: ['f32'], result: 'void' },
};

/** A parameter type for a signature pattern. */
const PATTERN = { number: 'f32', integer: 'i32', any: 'i32', array: 'i32[]' };
/** Atomics change an i32[] with i32 values (an f32 one is refused: JavaScript adds it unconverted). */
const ATOMIC_PATTERN = { ...PATTERN, number: 'i32' };

/**
 * What a rule reads of its call to give the result type: here a call whose arguments are no
 * constants; a rule that refuses them throws (the kernel's compile then says why).
 */
const RESULT_CONTEXT = {
  call: { args: [] },
  // Index arguments here are i32 parameters, which every index rule takes.
  index: () => true,
  refuse: (_, message) => {
    throw new Error(message);
  },
};

/** The kernel that calls an entry once and stores what it gives, with its parameter types. */
function kernelFor(name) {
  const entry = isIntrinsicName(name) ? CATALOGUE[name] : { signature: [] };
  const special = SPECIAL[name];
  const params =
    special?.params ??
    (entry.signature === 'variadic' ? ['number', 'number'] : entry.signature.map((p) => p.kind)).map(
      (kind) => (name.startsWith('gpu.atomic') ? ATOMIC_PATTERN : PATTERN)[kind],
    );
  const letters = params.map((_, i) => String.fromCharCode(97 + i));
  const call = special?.call ?? (entry.property ? name : `${name}(${letters.join(', ')})`);
  const result =
    special?.result ??
    (typeof entry.result === 'function' ? entry.result(params.map(parseType), RESULT_CONTEXT) : entry.result);
  let out = 'f32[]';
  let body = `out[0] = ${call};`;
  if (result === 'array') body = `out[0] = ${call}[0];`;
  else if (result === 'void' || result.kind === 'void') body = `${call};`;
  else if (result.name === 'bool') body = `out[0] = ${call} ? 1 : 0;`;
  else if (result.name === 'i64' || result.name === 'u64') out = `${result.name}[]`;
  return {
    text: `function k(out${letters.map((l) => `, ${l}`).join('')}) { ${body} }`,
    types: [out, ...params],
  };
}

let unique = 0;

/** `lowered`, the code of the CompileError refusing it, or `invalid`; anything else is thrown. */
function outcome(name, [backend, params]) {
  const { text, types } = kernelFor(name);
  const job = createJob(
    sourceFromText(text, `catalogue-${unique++}.js`),
    types.map(parseType),
    compiler.target(backend, params),
    { params },
  );
  try {
    compileJob(compiler, job, { kind: 'ir' });
    return 'lowered';
  } catch (error) {
    if (error instanceof CompileError && error.code) return error.code;
    if (error instanceof ValidationError) return 'invalid';
    throw new Error(`${name} on ${backend} (${text}): ${error.stack}`);
  }
}

/** `lowerers; refusers: code; ...`, as the listing writes it. */
function describeOutcomes(outcomes) {
  const by = new Map();
  for (const [target, result] of Object.entries(outcomes))
    by.set(result, [...(by.get(result) ?? []), target]);
  const refusals = [...by].filter(([result]) => result !== 'lowered');
  return [
    (by.get('lowered') ?? []).join(' '),
    ...refusals.map(([code, targets]) => `${targets.join(' ')}: ${code}`),
  ].join('; ');
}

describe('the intrinsic catalogue', () => {
  it('is lowered by each back-end, or refused with a coded CompileError', { timeout: 600_000 }, () => {
    const names = [...catalogueEntries().map(([name]) => name), PRINT];
    const listing = Object.fromEntries(
      names.map((name) => [
        name,
        describeOutcomes(
          Object.fromEntries(Object.entries(TARGETS).map(([t, target]) => [t, outcome(name, target)])),
        ),
      ]),
    );
    expect(listing).toEqual(Object.fromEntries(names.map((name) => [name, LOWERED_BY[name] ?? ALL])));
  });

  it('is what every back-end keys its lowering by', () => {
    for (const [backend, generators] of compiler.intrinsics) {
      if (backend === '*') continue;
      const strays = [...generators.keys()].filter((name) => !isIntrinsicName(name) && name !== PRINT);
      expect({ backend, strays }).toEqual({ backend, strays: [] });
    }
  });
});
