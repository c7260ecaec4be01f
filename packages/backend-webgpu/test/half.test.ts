// f16 and bf16 arrays through WebGPU (lavapipe here, which has shader-f16), bit for bit against
// the reference runner on both f16 routes (test/half-cases.ts, which the GPU machine's script
// runs too), and what each route writes and refuses.
import { runReference } from '@gpuc/core';
import { parseType } from '@gpuc/core/compiler';
import { BFloat16Bits, Float16Bits } from '@gpuc/core/host';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compileWGSL,
  defaultGPU,
  halfRoute,
  hasWebGPU,
  launchWebGPU,
  releaseWebGPU,
  runWGSL,
  webgpuCompiler,
  webgpuDevice,
} from '../src/index.js';
import { kernel } from './both.js';
import { halfCases, numbers, rotate, rotateArgs, widen } from './half-cases.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);
const device = available ? ((await webgpuDevice()) as GPUDevice) : undefined;
const f16 = device?.features.has('shader-f16') ?? false;

const type = (t: string) => parseType(t) as NonNullable<ReturnType<typeof parseType>>;

describe.each([
  ['words', available],
  ['shader-f16', f16],
] as const)('f16 and bf16 arrays on WebGPU, the %s route', (halves, runs) => {
  it.skipIf(!runs).each(halfCases(halves).map((c) => [c.name, c] as const))('%s', async (_, c) => {
    expect(c.absent(device as GPUDevice)).toBeUndefined();
    expect(await c.run()).toEqual([]);
  });

  it.skipIf(!runs)('takes the device limit on dynamic shared memory at its element size', async () => {
    // A 16-bit element takes a word on the words route, two bytes as a WGSL f16.
    const size = halves === 'words' ? 4 : 2;
    const limit = (device as GPUDevice).limits.maxComputeWorkgroupStorageSize;
    const most = (limit / size) * 2;
    const launch = { grid: 2, block: 32, halves };
    const tooMuch = await launchWebGPU(rotate, { ...launch, sharedBytes: most + 2 }, ...rotateArgs()).catch(
      (e: unknown) => e,
    );
    expect(tooMuch).toMatchObject({
      code: 'bad-launch',
      message: expect.stringContaining(
        `${(most / 2 + 1) * size} for sharedBytes); this WebGPU device has ${limit}`,
      ),
    });
    await launchWebGPU(rotate, { ...launch, sharedBytes: most }, ...rotateArgs());
  });
});

describe('the f16 routes', () => {
  const types = ['f16[]', 'bf16[]', 'f32[]', 'f32[]'].map(type);

  it('writes f16 arrays as WGSL f16 on the shader-f16 route, bf16 ones in words on both', () => {
    const native = compileWGSL(webgpuCompiler(), widen, types, { block: [64, 1, 1], halves: 'shader-f16' });
    expect(native.halves).toBe('shader-f16');
    expect(native.code).toMatch(/^enable f16;/);
    expect(native.code).toContain('var<storage, read_write> a0: array<f16>;');
    expect(native.code).toContain('var<storage, read_write> a1: array<u32>;');
    expect(native.code).toContain('bitcast<u32>(vec2<f16>(a0[');
    const words = compileWGSL(webgpuCompiler(), widen, types, { block: [64, 1, 1] });
    expect(words.halves).toBeUndefined();
    expect(words.code).not.toContain('f16;');
    expect(words.code).toContain('var<storage, read_write> a0: array<u32>;');
    // A kernel without f16 arrays is the same WGSL on both routes.
    const bf16 = ['bf16[]', 'bf16[]', 'f32[]', 'f32[]'].map(type);
    expect(compileWGSL(webgpuCompiler(), widen, bf16, { block: [64, 1, 1], halves: 'shader-f16' })).toEqual(
      compileWGSL(webgpuCompiler(), widen, bf16, { block: [64, 1, 1] }),
    );
  });

  it.skipIf(!available)(
    'asks for shader-f16 where the adapter has it, and takes its route there',
    async () => {
      const adapter = (await (await defaultGPU())?.requestAdapter()) as GPUAdapter;
      const has = adapter.features.has('shader-f16');
      expect(device?.features.has('shader-f16')).toBe(has);
      expect(halfRoute(device as GPUDevice)).toBe(has ? 'shader-f16' : 'words');
    },
  );

  it('refuses a route that is not one, and shader-f16 WGSL on a device without the feature', async () => {
    const args = [new Float16Bits(1), new BFloat16Bits(1), new Float32Array(1), new Float32Array(1)];
    const error = await launchWebGPU(widen, { grid: 1, block: 1, halves: 'f16' as 'words' }, ...args).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
    expect(String(error)).toMatch(/halves must be 'words' or 'shader-f16' or left out, not f16/);
    const written = compileWGSL(webgpuCompiler(), widen, types, { block: [64, 1, 1], halves: 'shader-f16' });
    // A device as one without shader-f16 would be: its features without it.
    const lacking = { features: new Set(), limits: { maxComputeWorkgroupsPerDimension: 65535 } };
    const refused = await runWGSL(
      lacking as unknown as GPUDevice,
      { ...written, block: [1, 1, 1] },
      [1, 1, 1],
      [new Float16Bits(1), new Float16Bits(1), new Float32Array(1), new Float32Array(1)],
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
    expect(String(refused)).toMatch(
      /kernel 'widen' was written for halves: 'shader-f16', but this WebGPU device has no 'shader-f16' feature/,
    );
  });

  it.skipIf(!available)(
    'runs f16 WGSL compiled earlier, and refuses another array for an f16 parameter, naming it',
    async () => {
      const scale = kernel('function scale(h, n) { const i = gpu.globalIdx.x; if (i < n) h[i] = h[i] * 3; }');
      const written = compileWGSL(webgpuCompiler(), scale, [type('f16[]'), type('i32')], {
        block: [32, 1, 1],
      });
      const make = () => [new Float16Bits([1, -2.5, 0.1, 30000, 5]), 5];
      const expected = make();
      runReference(scale, { grid: 1, block: 32 }, expected);
      const actual = make();
      await runWGSL(device as GPUDevice, written, [1, 1, 1], actual);
      expect(numbers(actual[0])).toEqual(numbers(expected[0]));
      const wrong = await runWGSL(device as GPUDevice, written, [1, 1, 1], [new Uint16Array(5), 5]).catch(
        (e: unknown) => e,
      );
      expect(wrong).toMatchObject({
        code: 'bad-launch',
        message: expect.stringMatching(/argument 1 must be a Float16Bits/),
      });
    },
  );
});
