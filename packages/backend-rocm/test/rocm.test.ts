import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCompiler } from '@gpuc/core';
import { findTool, OptionError } from '@gpuc/core/compiler';
import { createContext, targetMachine } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { compiledSaxpy } from '../../core/test/saxpy.js';
import { thrown } from '../../core/test/thrown.js';
import {
  AMDGPU_DATA_LAYOUT,
  emitCodeObject,
  GFX_PROCESSORS,
  RocmPlugin,
  rocmCompileTarget,
  rocmTarget,
} from '../src/index.js';

const context = createContext();
const compiler = createCompiler().use(new RocmPlugin());
const saxpy = (params = {}) => compiledSaxpy(compiler, context, 'rocm', params);

const objdump = findTool({ names: ['llvm-objdump-22', 'llvm-objdump'], dirs: ['/usr/lib/llvm-22/bin'] });
const readelf = findTool({ names: ['llvm-readelf-22', 'llvm-readelf'], dirs: ['/usr/lib/llvm-22/bin'] });

function inspect(codeObject: Buffer, tool: string, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-rocm-'));
  try {
    const path = join(dir, 'kernel.hsaco');
    writeFileSync(path, codeObject);
    return execFileSync(tool, [...args, path], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('ROCm target description', () => {
  it('matches the data layout of the LLVM 22 AMDGPU machine', () => {
    expect(targetMachine(rocmTarget()).getDataLayoutString()).toBe(AMDGPU_DATA_LAYOUT);
  });

  it('checks processor names and wavefront sizes', () => {
    expect(rocmTarget().cpu).toBe('gfx90a');
    expect(rocmTarget({ gfx: 'gfx1030', wavefrontSize: 64 }).features).toBe('+wavefrontsize64');
    expect(() => rocmTarget({ gfx: 'gfx90a', wavefrontSize: 32 })).toThrow(/64-wide/);
    expect(() => rocmTarget({ gfx: 'sm_80' })).toThrow(/not an AMDGPU processor/);
    expect(() => rocmTarget({ gfx: 'gfx1030', wavefrontSize: 48 as 32 })).toThrow(/32 or 64 lanes, not 48/);
    // A param of the wrong kind (`--param wavefrontSize=48`, `gfx=5`) is refused, not dropped.
    expect(() => rocmCompileTarget({ wavefrontSize: 48 })).toThrow(/32 or 64 lanes, not 48/);
    expect(() => rocmCompileTarget({ gfx: 5 })).toThrow(/'5' is not an AMDGPU processor/);
  });

  it('refuses a bad param with a coded error naming it and what it takes, before LLVM sees it', () => {
    // A well-formed name LLVM does not know made it print to stderr and fail in the target machine.
    for (const [params, option, accepted] of [
      [{ gfx: 'gfx9999' }, 'gfx', /gfx takes gfx600, .*gfx90a, .*gfx1201/],
      [{ gfx: 'gfx940' }, 'gfx', /'gfx940' is a processor LLVM 22 no longer has \(.*MI300 GPUs are gfx942\)/],
      [{ gfx: 'gfx941' }, 'gfx', /'gfx941' is a processor LLVM 22 no longer has/],
      [{ gfx: 'gfx943' }, 'gfx', /'gfx943' is a processor LLVM 22 does not know/],
      [{ gfx: 5 }, 'gfx', /gfx takes gfx600/],
      [{ wavefrontSize: 48 }, 'wavefrontSize', /wavefrontSize takes 32 or 64 \[bad-option\]/],
      [{ gfx: 'gfx942', wavefrontSize: 32 }, 'wavefrontSize', /gfx942 has 64-wide wavefronts only/],
    ] as const) {
      const error = thrown(() => rocmCompileTarget(params));
      expect(error, JSON.stringify(params)).toBeInstanceOf(OptionError);
      expect(error).toMatchObject({ code: 'bad-option', option });
      expect((error as Error).message).toMatch(accepted);
    }
  });

  it('lists only processors the AMDGPU machine knows', () => {
    // The machine throws for a processor it does not know.
    for (const gfx of GFX_PROCESSORS) expect(() => targetMachine(rocmTarget({ gfx })), gfx).not.toThrow();
  });

  it('refuses params it does not take, naming those it does', () => {
    const compiler = createCompiler().use(new RocmPlugin());
    for (const key of ['bogus', 'computeCapability', 'optLevel']) {
      const error = thrown(() => compiler.target('rocm', { gfx: 'gfx942', [key]: 1 }));
      expect(error).toMatchObject({ code: 'bad-option', option: key });
      expect((error as Error).message).toMatch(
        new RegExp(
          `target 'rocm' has no param ${key}; its params are fastMath, gfx, maxThreads, wavefrontSize`,
        ),
      );
    }
    expect(compiler.target('rocm', { gfx: 'gfx942', wavefrontSize: undefined }).cpu).toBe('gfx942');
  });
});

describe.skipIf(objdump === null || readelf === null)('code objects (skipped without llvm-22)', () => {
  it('links a compiled kernel for gfx90a into a code object that llvm-objdump disassembles', () => {
    const target = rocmTarget();
    const module = saxpy();
    expect(module.verify()).toBeNull();
    const hsaco = emitCodeObject(module, target);
    expect(hsaco.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    const disassembly = inspect(hsaco, objdump as string, ['-d', '--mcpu=gfx90a']);
    expect(disassembly).toMatch(/<saxpy>:/);
    expect(disassembly).toMatch(/global_load_dword/);
    expect(disassembly).toMatch(/s_endpgm/);
    const symbols = inspect(hsaco, readelf as string, ['--symbols', '--file-header']);
    expect(symbols).toMatch(/Type:\s+DYN/);
    expect(symbols).toMatch(/saxpy\.kd/);
    const notes = inspect(hsaco, readelf as string, ['--notes']);
    expect(notes).toMatch(/amdhsa\.target:\s+amdgcn-amd-amdhsa--gfx90a/);
    expect(notes).toMatch(/\.name:\s+saxpy/);
    module.dispose();
  });

  it('links code objects for CDNA 2 to 4 and RDNA 2 to 4, linked by lld in process', () => {
    for (const gfx of ['gfx90a', 'gfx942', 'gfx950', 'gfx1030', 'gfx1100', 'gfx1201']) {
      const target = rocmTarget({ gfx });
      const module = saxpy({ gfx });
      const hsaco = emitCodeObject(module, target);
      const notes = inspect(hsaco, readelf as string, ['--notes']);
      expect(notes, gfx).toMatch(new RegExp(`amdhsa\\.target:\\s+amdgcn-amd-amdhsa--${gfx}`));
      expect(notes, gfx).toMatch(/\.name:\s+saxpy/);
      expect(notes, gfx).toMatch(new RegExp(`\\.wavefront_size:\\s+${gfx.startsWith('gfx1') ? 32 : 64}`));
      expect(inspect(hsaco, objdump as string, ['-d', `--mcpu=${gfx}`]), gfx).toMatch(/s_endpgm/);
      module.dispose();
    }
  });
});
