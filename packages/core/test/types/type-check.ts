// Runs tsc over a test tsconfig (type-level tests: `*.test-d.ts` files, never run themselves).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** What tsc reports for a project: '' when it type-checks. */
export async function typeErrors(tsconfig: string): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig], { encoding: 'utf8' });
    return '';
  } catch (error) {
    const { stdout, message } = error as { stdout?: string; message: string };
    return stdout || message;
  }
}
