// koffi as the host runtime loads it: not at import (a browser bundle or a deployment without
// koffi imports the runtime), and then without its entry script (a program that only runs
// kernels does not load the modules koffi's installer needs: https, zlib). Each seen in a
// process of its own, whose module lists are fresh.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The last line a module script printed, parsed, run in a fresh Node process. */
function runFresh(script: string): unknown {
  const output = execFileSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname },
  );
  return JSON.parse(output.trim().split('\n').at(-1) as string);
}

/** A script's expression for the koffi files loaded so far (CommonJS's cache holds them). */
const koffiFiles = `Object.keys(createRequire(import.meta.url).cache).filter((f) => /[\\\\/]koffi[\\\\/]/.test(f))`;

describe('koffi as the host runtime loads it', () => {
  it('is not loaded by importing the host runtime or the launch API, only at first use', () => {
    const script = `
      import { createRequire } from 'node:module';
      const host = await import('@gpuc/core/host');
      await import('@gpuc/core/launch');
      const atImport = ${koffiFiles};
      host.loadFirstLibrary(['libc.so.6']);
      console.log(JSON.stringify({ atImport, atFirstUse: ${koffiFiles}.length > 0 }));`;
    expect(runFresh(script)).toEqual({ atImport: [], atFirstUse: true });
  }, 60_000);

  it('works without loading https or zlib', () => {
    const script = `
      const { hostAddress, koffi, loadFirstLibrary } = await import('@gpuc/core/host');
      const { library } = loadFirstLibrary(['libc.so.6']);
      const strlen = library.func('size_t strlen(const char *text)');
      console.log(JSON.stringify({
        strlen: Number(strlen('gpuc')),
        address: hostAddress(new Float32Array(4)) > 0n,
        version: typeof koffi().version,
        same: koffi() === koffi(),
        loaded: process.moduleLoadList.filter((m) => /\\b(https|zlib)\\b/.test(m)),
      }));`;
    expect(runFresh(script)).toEqual({ strlen: 4, address: true, version: 'string', same: true, loaded: [] });
  }, 60_000);
});
