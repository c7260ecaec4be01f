// What the tests against driver-stub.c (a libcuda of the driver functions gpuc calls, recording
// what it was given) share: whether a C compiler is here to build it, and the build, into a
// folder of the test file's own that is removed after it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** The tests' fixtures: driver-stub.c and the scripts run against it. */
export const fixtures = new URL('./fixtures/', import.meta.url).pathname;

/** Whether `cc` runs here (the stub tests skip without it). */
export const hasCc = (() => {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A temporary folder for a test file's stubs, removed when its tests end. */
export function stubFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** driver-stub.c built with these flags as the shared library `path`; returns `path`. */
export function buildDriverStub(path: string, flags: readonly string[] = []): string {
  execFileSync('cc', ['-O2', '-shared', '-fPIC', ...flags, '-o', path, join(fixtures, 'driver-stub.c')]);
  return path;
}
