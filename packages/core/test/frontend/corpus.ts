/**
 * The kernel corpora: one kernel a file, with a header saying how to compile it and what to
 * expect.
 *
 *   // types: f32, f32[], i32       argument types to infer with
 *   // expect: unknown-name 4:11    (bad kernels) the error code and line:column
 *   // scope: table                 names the test passes in the scope
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KernelSource } from '../../src/index.js';

export interface CorpusEntry {
  name: string;
  file: string;
  source: KernelSource;
  /** Further functions in the file: device functions the kernel may call by name. */
  devices: KernelSource[];
  types: string[];
  expect?: { code: string; line: number; column: number };
  scope: string[];
}

const header = (text: string, key: string) => new RegExp(`^// ${key}:(.*)$`, 'm').exec(text)?.[1]?.trim();

export function loadCorpus(kind: 'good' | 'bad'): CorpusEntry[] {
  const dir = join(import.meta.dirname, 'corpus', kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.ts'))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      // Top-level functions start at the beginning of a line; the first is the kernel.
      const starts = [...text.matchAll(/^(?:async\s+)?function/gm)].map((m) => m.index);
      const ends = [...starts.slice(1), text.length];
      const fnStart = starts[0] ?? 0;
      const types = header(text, 'types');
      const expect = header(text, 'expect');
      const match = expect ? /^([a-z-]+) (\d+):(\d+)$/.exec(expect) : undefined;
      return {
        name,
        file,
        source: new KernelSource(text.slice(fnStart, ends[0]).trimEnd(), file, text, fnStart),
        devices: starts
          .slice(1)
          .map((start, i) => new KernelSource(text.slice(start, ends[i + 1]).trimEnd(), file, text, start)),
        types: types
          ? types
              .split(/,(?![^[]*\])/)
              .map((t) => t.trim())
              .filter(Boolean)
          : [],
        ...(match
          ? { expect: { code: match[1] as string, line: Number(match[2]), column: Number(match[3]) } }
          : {}),
        scope: (header(text, 'scope') ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      };
    });
}

/** Host values the corpus kernels read from their scope. */
export const scopeValues: Readonly<Record<string, unknown>> = {
  table: new Float32Array([1, 2, 3, 4]),
  scale: 2.5,
  limit: 100,
  square: (x: number) => x * x,
  apply: (f: (x: number) => number, x: number) => f(x),
  polynomial: (x: number) => 1 + x * (2 + x * (3 + x)),
  label: 'a constant string',
  clamped: new Uint8ClampedArray(2),
  point: { x: 1.5, y: -2 },
  lerp: (a: number, b: number, t = 0.5) => a + (b - a) * t,
  dot: ({ x, y }: { x: number; y: number }, [a, b] = [1, 1]) => x * a + y * b,
  hugeTable: Array.from({ length: 100000 }, (_, i) => i),
};

/** The scope object of an entry: the values its header names. */
export function corpusScope(entry: CorpusEntry): Record<string, unknown> {
  return Object.fromEntries(entry.scope.map((name) => [name, scopeValues[name]]));
}
