import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/entry/compiler.js';
import { compileJob, createJob, defaultCompiler, linkSharedLibrary, parseType } from '../../src/index.js';
import { type CorpusEntry, corpusScope, loadCorpus } from '../frontend/corpus.js';
import { llvmTool } from '../helpers.js';

const compiler = defaultCompiler();
const good = loadCorpus('good');

function job(entry: CorpusEntry, libraries: boolean): Job {
  return createJob(
    entry.source,
    entry.types.map((t) => parseType(t) as NonNullable<ReturnType<typeof parseType>>),
    compiler.target('native'),
    { config: { libraries }, scope: corpusScope(entry) },
  );
}

function undefinedSymbols(library: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-aot-'));
  try {
    const path = join(dir, 'kernel.so');
    writeFileSync(path, library);
    const out = execFileSync(llvmTool('llvm-nm'), ['--undefined-only', '-D', path], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => l.trim().split(/\s+/).pop() ?? '')
      .filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the good corpus on the native target', () => {
  it.each(good.map((e) => [e.name, e] as const))(
    '%s: without any runtime, links with -z defs and leaves no gpu_* symbol undefined',
    (_name, entry) => {
      const result = compileJob(compiler, job(entry, false), { kind: 'object' });
      const library = linkSharedLibrary(result.output as Buffer);
      expect(undefinedSymbols(library).filter((s) => s.startsWith('gpu_'))).toEqual([]);
    },
  );

  it.each(good.map((e) => [e.name, e] as const))(
    '%s: with the runtime, no weak gpu_* body survives and calls reach the strong definitions',
    (_name, entry) => {
      const result = compileJob(compiler, job(entry, true), { kind: 'ir' });
      expect(result.ir).not.toMatch(/define weak[^\n]*@gpu_/);
      for (const called of result.ir.matchAll(/call [^@\n]*@(gpu_\w+)/g)) {
        expect(result.ir).toMatch(new RegExp(`define[^\\n]*@${called[1]}\\(`));
      }
    },
  );
});
