import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

describe("core's README", () => {
  it('runs its Arrays example and prints what its comments say', async () => {
    const section = readme.slice(readme.indexOf('## Arrays'));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(code).toContain("from '@gpuc/core'");
    // Beside the package's own files, so that '@gpuc/core' resolves to this package.
    const file = join(import.meta.dirname, 'fixtures', `readme-arrays-${process.pid}.mjs`);
    writeFileSync(file, code);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [
        '--conditions=source',
        '--import',
        tsx,
        file,
      ]);
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
      expect(expected.length).toBeGreaterThan(3);
      expect(stdout.trim().split('\n')).toEqual(expected);
    } finally {
      rmSync(file, { force: true });
    }
  }, 120_000);
});
