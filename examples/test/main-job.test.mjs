// The main job end to end, in its own process (as the README runs it) against gpuc's sources:
// every example compiled, run natively, checked against the reference; the image written.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';

const examples = join(import.meta.dirname, '..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe('the main job', () => {
  it('compiles, runs and checks every example, and writes the Mandelbrot image', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', tsx, 'run.mjs'],
      { cwd: examples },
    );
    // Threads, a compile time per installed target, the native run, the reference, the result.
    for (const name of ['saxpy', 'block reduction', 'mandelbrot', 'n-body step'])
      expect(stdout).toMatch(new RegExp(`^${name} +\\d+( +([\\d.]+|refused)){2,} +\\d+ +matches`, 'm'));
    expect(stdout).toMatch(
      /^example +threads +compile native +compile cuda +compile metal +compile rocm +compile webgpu +native run/m,
    );
    expect(stdout).toContain('sum 65470550 of 1048576 elements');
    const image = decode(readFileSync(join(examples, 'out', 'mandelbrot.png')));
    expect([image.width, image.height, image.channels]).toEqual([1024, 768, 3]);
    // The middle of the main cardioid is in the set (black); the corner is far outside it.
    const pixel = (x, y) => Array.from(image.data.subarray((y * 1024 + x) * 3, (y * 1024 + x) * 3 + 3));
    expect(pixel(600, 384)).toEqual([0, 0, 0]);
    expect(pixel(0, 0)).not.toEqual([0, 0, 0]);
    // The whole job from source under tsx: about a minute alone, past two on a busy machine.
  }, 360_000);
});
