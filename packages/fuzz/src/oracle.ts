/**
 * The plain-JavaScript oracle: the kernel's own text evaluated by JavaScript over the grid, with
 * a `gpu` object answering for the current thread and the typed wrappers (`f32(x)`, `i8(x)`...)
 * meaning what docs/language.md says they mean (a store into that typed array). A kernel with the
 * block barrier runs as a generator, every thread of a block advanced to the barrier before any
 * goes on. The same runner evaluates the emulated texts, given the emulation runtime as `$`.
 */
import { BLOCK, type FuzzCase, GRID } from './case.js';
import { convert, type Emulation } from './emulate.js';
import { NUMBER_TYPES } from './types.js';

interface Thread {
  readonly thread: number;
  readonly block: number;
}

/** Which texts of a case to run: the source, or the emulation (plain or fused). */
export type Form = 'source' | 'emulated' | 'fused';

/** Runs one form of a case on `args` (changed in place); throws what the kernel throws. */
export function runPlain(c: FuzzCase, form: Form, args: unknown[], emulation?: Emulation): void {
  let current: Thread = { thread: 0, block: 0 };
  let shared: unknown[] = [];
  let sharedCalls = 0;
  const dim = (pick: () => number) => ({
    get x() {
      return pick();
    },
    y: 0,
    z: 0,
  });
  const gpu = {
    threadIdx: dim(() => current.thread),
    blockIdx: dim(() => current.block),
    blockDim: { x: BLOCK, y: 1, z: 1 },
    gridDim: { x: GRID, y: 1, z: 1 },
    globalIdx: dim(() => current.block * BLOCK + current.thread),
    sharedArray(type: new (n: number) => unknown, length: number) {
      // One array per block and call site order, as every thread asks in the same order.
      const index = sharedCalls++;
      shared[index] ??= new type(length);
      return shared[index];
    },
  };
  const wrappers = NUMBER_TYPES.map((t) => (x: number) => convert(t, Number(x)));
  const names = ['gpu', ...NUMBER_TYPES, '$'];
  const text = (source: string, emulated: string, fused: string) =>
    form === 'source' ? source : form === 'emulated' ? emulated : fused;
  const helperTexts = c.helpers.map((h) => text(h.source, h.emulated, h.fused));
  let kernelText = text(c.source, c.emulated, c.fused ?? c.emulated);
  if (c.barrier)
    kernelText = kernelText.replace('function k(', 'function* k(').replace('gpu.barrier();', 'yield;');
  const body = `${helperTexts.map((h) => `${h}\n`).join('')}return (${kernelText});`;
  const make = new Function(...names, body);
  // Helpers are declared inside the same function so that each sees the others.
  const kernel = make(gpu, ...wrappers, emulation) as (...a: unknown[]) => unknown;

  for (let block = 0; block < GRID; block++) {
    shared = [];
    if (!c.barrier) {
      for (let thread = 0; thread < BLOCK; thread++) {
        current = { thread, block };
        sharedCalls = 0;
        kernel(...args);
      }
      continue;
    }
    const threads = Array.from({ length: BLOCK }, (_, thread) => {
      current = { thread, block };
      sharedCalls = 0;
      return { thread, generator: kernel(...args) as Generator, done: false, calls: 0 };
    });
    // Every thread runs to the barrier (or its end), then every thread runs on.
    for (let phase = 0; threads.some((t) => !t.done); phase++) {
      for (const t of threads) {
        if (t.done) continue;
        current = { thread: t.thread, block };
        sharedCalls = t.calls;
        t.done = t.generator.next().done === true;
        t.calls = sharedCalls;
      }
      if (threads.some((t) => t.done) && threads.some((t) => !t.done))
        throw new Error('plain JavaScript: threads of a block reached different barriers');
      if (phase > 2) throw new Error('plain JavaScript: more barriers than the generator writes');
    }
  }
}
