// The binary: self-contained (no libLLVM at run time), found by the loader, and keeping nothing
// per compile once contexts are freed.
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BINARY_INTERFACE, interfaceMismatch, noBinaryError, platformKey } from '../src/index.js';
import { l, machine, run, saxpy } from './helpers.js';

/** The binary the loader took. */
function binaryPath(): string {
  const require = createRequire(import.meta.url);
  const loaded = Object.keys(require.cache).find((path) => path.endsWith('gpuc-llvm.node'));
  if (loaded === undefined) throw new Error('no gpuc-llvm.node loaded');
  return loaded;
}

describe('the binary', () => {
  it('links LLVM and lld statically: no libLLVM, liblld or libz3 at run time', () => {
    const libraries = run('ldd', [binaryPath()]);
    expect(libraries).toMatch(/libc\.so/);
    expect(libraries).not.toMatch(/libLLVM|liblld|libz3|libxml2|libclang/);
    expect(l.config.LLVM_VERSION_MAJOR).toBe(22);
  });

  it('names the platform and the way to build from source when no binary fits', () => {
    const message = noBinaryError(['@gpuc/llvm-freebsd-riscv64: not installed']).message;
    expect(message).toContain(`(${process.platform}, ${process.arch}`);
    expect(message).toContain(`@gpuc/llvm-${platformKey()}`);
    expect(message).toContain('pnpm --filter @gpuc/llvm build:native');
    expect(message).toContain('@gpuc/llvm-freebsd-riscv64: not installed');
    if (process.platform === 'linux') expect(platformKey()).toMatch(/^linux-\w+-(gnu|musl)$/);
  });

  it('is refused, with the way to rebuild it, when built for another interface', () => {
    const require = createRequire(import.meta.url);
    expect(interfaceMismatch(require(binaryPath()))).toBeUndefined();
    // A binary from before the interface had a version, and one from a later one.
    expect(interfaceMismatch({})).toMatch(/built for interface 1, this @gpuc\/llvm needs \d+: rebuild it/);
    expect(interfaceMismatch({ interfaceVersion: BINARY_INTERFACE + 1 })).toContain('build:native');
  });

  it('keeps nothing per compile: RSS stays flat over 2,000 compiles in contexts of their own', async () => {
    // Node-API finalizers of collected wrappers run on the event loop: a program frees their
    // handles between turns, so the loop yields as any program between compiles does.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const settle = async () => {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    };
    const nvptx = machine('nvptx64-nvidia-cuda', 'sm_90');
    const layout = nvptx.getDataLayoutString();
    const compile = () => {
      const context = new l.LLVMContext();
      const module = saxpy(context, 'nvptx64-nvidia-cuda', layout, 1, l.CallingConv.PTX_Kernel);
      l.runPasses(module, 'default<O2>', nvptx);
      const ptx = nvptx.emitToBuffer(module, 'assembly');
      context.dispose();
      return ptx.length;
    };
    const round = async (count: number) => {
      await settle();
      const before = process.memoryUsage().rss;
      for (let i = 0; i < count; i++) {
        compile();
        if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
      }
      await settle();
      return process.memoryUsage().rss - before;
    };
    await round(1500); // LLVM's own caches and the allocator's arenas fill
    const grown = await round(2000);
    // Half of what 2,000 leaked contexts and modules would take (about 10 KB each, measured with
    // the handles kept): the allocator's arenas still move by a few MB between rounds.
    expect(grown).toBeLessThan(10 * 1024 * 1024);
  }, 120_000);
});
