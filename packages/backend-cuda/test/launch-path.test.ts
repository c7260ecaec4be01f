// What a launch hands the CUDA driver, on a machine without a GPU: the launch runs against
// driver-stub.c (a libcuda that records each launch), built here with cc, once as a CUDA 12
// driver (cuLaunchKernelEx, the launch configuration gpuc rewrites in place) and once as an
// older one (cuLaunchKernel with the values as arguments). Each in a process of its own.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDriverStub, fixtures, hasCc, stubFolder } from './driver-stub.js';

const dir = stubFolder('gpuc-stub-driver-');

/** What stub-launch.ts saw through a stub built with these flags. */
function launchThroughStub(flags: string[]) {
  const stub = buildDriverStub(join(dir, `libcuda-${flags.length}.so`), flags);
  const output = execFileSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(fixtures, 'stub-launch.ts'), stub],
    { encoding: 'utf8' },
  );
  return JSON.parse(output.trim().split('\n').at(-1) as string) as {
    onStream: string[];
    onDefault: string[];
    afterRefusals: string[];
    refusals: string[];
    function: string;
    stream: string;
    x: string;
  };
}

const f32 = (value: number) => String(new Uint32Array(new Float32Array([value]).buffer)[0]);

describe.skipIf(!hasCc)('the launch as the driver receives it', () => {
  for (const [driver, flags, via] of [
    ['CUDA 12 driver (cuLaunchKernelEx)', [], 14],
    ['driver without cuLaunchKernelEx', ['-DNO_LAUNCH_EX'], 13],
  ] as const) {
    it(`passes function, geometry, shared bytes, stream and parameters: ${driver}`, () => {
      const seen = launchThroughStub([...flags]);
      const { onStream, onDefault, afterRefusals } = seen;
      // function, stream, grid x y z, block x y z, shared bytes
      expect(onStream.slice(0, 9)).toEqual([
        seen.function,
        seen.stream,
        '3',
        '2',
        '1',
        '32',
        '4',
        '1',
        '1024',
      ]);
      // An array is its pointer then its length; a scalar its bytes.
      const low = BigInt.asUintN(32, BigInt(seen.x));
      expect(onStream.slice(9, 12)).toEqual([seen.x, f32(2.5), String(2 ** 32 - 7)]);
      expect(low % 16n).toBe(0n);
      expect(onDefault.slice(0, 9)).toEqual([seen.function, '0', '5', '1', '1', '64', '1', '1', '0']);
      expect(onDefault.slice(10, 12)).toEqual([f32(1), '9']);
      // Two launches reached the driver, by the one call; the refused ones did not.
      expect(afterRefusals).toEqual(onDefault);
      expect(onDefault[via]).toBe('2');
      expect(onDefault[via === 14 ? 13 : 14]).toBe('0');
      expect(seen.refusals).toEqual([
        expect.stringMatching(/^bad-argument: gpuc: k's argument 2 must be f32, not the string "two"/),
        expect.stringMatching(/^bad-launch: .*a block has at most 1024 threads here, not 1056/),
        expect.stringMatching(/^bad-launch: .*sharedBytes must be a non-negative integer, not -1/),
      ]);
    }, 120_000);
  }
});
