// koffi without its entry script: a program that only runs kernels does not load the modules
// koffi's installer needs (https, zlib). Seen in a process of its own, whose module list is fresh.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('koffi as the host runtime loads it', () => {
  it('works without loading https or zlib', () => {
    const script = `
      const { hostAddress, koffi, loadFirstLibrary } = await import('@gpuc/core/host');
      const { library } = loadFirstLibrary(['libc.so.6']);
      const strlen = library.func('size_t strlen(const char *text)');
      console.log(JSON.stringify({
        strlen: Number(strlen('gpuc')),
        address: hostAddress(new Float32Array(4)) > 0n,
        version: typeof koffi.version,
        loaded: process.moduleLoadList.filter((m) => /\\b(https|zlib)\\b/.test(m)),
      }));`;
    const output = execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname },
    );
    expect(JSON.parse(output.trim().split('\n').at(-1) as string)).toEqual({
      strlen: 4,
      address: true,
      version: 'string',
      loaded: [],
    });
  }, 60_000);
});
