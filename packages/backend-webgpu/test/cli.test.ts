// `gpuc compile --target webgpu` through the command line: the target params that choose the
// block and the routes of warp operations and f16 arrays, and the coded error for a bad one.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
// Core's command line from its source, as core's own CLI tests run it.
const cli = join(import.meta.dirname, '..', '..', 'core', 'src', 'cli', 'gpuc.ts');
const plugin = join(import.meta.dirname, 'fixtures', 'plugin.ts');
const shuffle = join(import.meta.dirname, 'fixtures', 'shuffle.js');

async function compile(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const command = [cli, '--plugin', plugin, 'compile', shuffle, '--target', 'webgpu', '--types', 'f32[]'];
  try {
    const { stdout, stderr } = await run(process.execPath, [
      '--conditions=source',
      '--import',
      tsx,
      ...command,
      ...args,
    ]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('gpuc compile --target webgpu', () => {
  it('writes warp operations by the route the warps param names', async () => {
    const [workgroup, subgroups, sized, help] = await Promise.all([
      compile(),
      compile('-p', 'warps=subgroups'),
      compile('-p', 'warps=sized-subgroups', '-p', 'blockX=128'),
      compile('--help'),
    ]);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(
      /blockX=128 or warps=workgroup\|subgroups\|sized-subgroups \(webgpu\)/,
    );
    expect(workgroup.code).toBe(0);
    expect(workgroup.stdout).toMatch(/var<workgroup> gpuc_lanes/);
    expect(workgroup.stdout).not.toMatch(/enable subgroups/);
    expect(subgroups.stdout).toMatch(/^enable subgroups;/);
    expect(subgroups.stdout).toMatch(/subgroupShuffle\(/);
    expect(subgroups.stdout).not.toMatch(/subgroup_size_control/);
    expect(sized.stdout).toMatch(/enable subgroup_size_control;/);
    expect(sized.stdout).toMatch(/@compute @workgroup_size\(128, 1, 1\) @subgroup_size\(32\)/);
  }, 60_000);

  it('writes f16 arrays by the route the halves param names', async () => {
    // The later --types wins: the kernel's array is an f16 one.
    const [words, native, wrong] = await Promise.all([
      compile('--types', 'f16[]'),
      compile('--types', 'f16[]', '-p', 'halves=shader-f16'),
      compile('-p', 'halves=f8'),
    ]);
    expect(words.stdout).toMatch(/var<storage, read_write> a0: array<u32>;/);
    expect(words.stdout).not.toMatch(/enable f16/);
    expect(native.stdout).toMatch(/^enable f16;/);
    expect(native.stdout).toMatch(/var<storage, read_write> a0: array<f16>;/);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /^gpuc: halves must be 'words' or 'shader-f16' or left out, not f8; halves takes words or shader-f16 \[bad-option\]/,
    );
  }, 60_000);

  it('refuses a warps param or block size it has no route or size for, with a coded error', async () => {
    const [route, block, zero] = await Promise.all([
      compile('-p', 'warps=lanes'),
      compile('-p', 'blockX=abc'),
      compile('-p', 'blockY=0'),
    ]);
    expect(route.code).toBe(1);
    expect(route.stderr).toMatch(
      /^gpuc: warps must be 'workgroup', 'subgroups', 'sized-subgroups' or left out, not lanes; warps takes .* \[bad-option\]/,
    );
    expect(block.code).toBe(1);
    expect(block.stderr).toMatch(
      /^gpuc: the block's x extent must be a positive integer.*, not "abc"; blockX takes a positive integer.* \[bad-option\]/,
    );
    expect(zero.stderr).toMatch(
      /^gpuc: the block's y extent must be a positive integer.*, not 0; blockY takes .* \[bad-option\]/,
    );
  }, 60_000);
});
