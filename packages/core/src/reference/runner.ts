/**
 * The reference runner: any kernel, run as plain JavaScript over a grid, as the oracle every
 * back-end is compared with.
 *
 * Blocks run one after another, threads of a block one after another, each with `gpu` answering
 * for it. A kernel that uses collective operations (the block barrier, warp shuffles and votes)
 * is rewritten into a generator that yields at each of them: the runner advances every thread
 * of the block to its next collective, checks they all reached the same one, computes the
 * results (a shuffle reads the other lanes' values), and resumes them.
 */
import { type Dim, dim3 } from '../dim.js';
import { type FunctionInput, toSource } from '../frontend/infer.js';
import { type Collective, collectiveVersion } from './collectives.js';
import { gpu, setCurrentThread, type ThreadState } from './gpu.js';

/** A launch size: a number is a 1-D size. */

export interface ReferenceLaunch {
  grid: Dim;
  block: Dim;
  /** Bytes of dynamic shared memory per block (`gpu.dynamicSharedArray`). */
  sharedBytes?: number;
  /** Names the kernel reads from outside (the same scope object the compiler gets). */
  scope?: Readonly<Record<string, unknown>>;
}

/** An error thrown by a kernel, with the simulated thread that threw it. */
export class KernelError extends Error {
  override name = 'KernelError';

  constructor(
    message: string,
    readonly blockIdx: readonly [number, number, number],
    readonly threadIdx: readonly [number, number, number],
    options?: ErrorOptions,
  ) {
    super(`${message} (block ${blockIdx.join(',')}, thread ${threadIdx.join(',')})`, options);
  }
}

type Kernel = (...args: unknown[]) => unknown;

/**
 * A kernel for the reference runner: a JavaScript function, or JavaScript source text (as the
 * CLI and code whose imports a bundler renamed must give it). Text kernels see `gpu` and the
 * scope's names.
 */
export type ReferenceKernel = FunctionInput;

/** Runs the kernel once per thread of the grid. */
export function runReference(
  kernel: ReferenceKernel,
  launch: ReferenceLaunch,
  args: readonly unknown[],
): void {
  const [gx, gy, gz] = dim3(launch.grid);
  const [bx, by, bz] = dim3(launch.block);
  const scope = launch.scope ?? {};
  const source = toSource(kernel);
  const plain =
    typeof kernel === 'function' ? (kernel as Kernel) : (instantiate(source.text, scope) as Kernel);
  const generator = collectiveVersion(source, scope);
  try {
    for (let z = 0; z < gz; z++) {
      for (let y = 0; y < gy; y++) {
        for (let x = 0; x < gx; x++) {
          const threads: ThreadState[] = [];
          const shared: unknown[] = [];
          const dynamicShared = new ArrayBuffer(launch.sharedBytes ?? 0);
          for (let tz = 0; tz < bz; tz++) {
            for (let ty = 0; ty < by; ty++) {
              for (let tx = 0; tx < bx; tx++) {
                threads.push({
                  threadIdx: { x: tx, y: ty, z: tz },
                  blockIdx: { x, y, z },
                  blockDim: { x: bx, y: by, z: bz },
                  gridDim: { x: gx, y: gy, z: gz },
                  shared,
                  sharedCalls: 0,
                  dynamicShared,
                  scope,
                });
              }
            }
          }
          if (generator) runCollectiveBlock(generator, threads, args);
          else for (const thread of threads) runThread(thread, () => plain(...args));
        }
      }
    }
  } finally {
    setCurrentThread(undefined);
  }
}

function runThread<T>(thread: ThreadState, body: () => T): T {
  setCurrentThread(thread);
  try {
    return body();
  } catch (error) {
    if (error instanceof KernelError) throw error;
    const { blockIdx: b, threadIdx: t } = thread;
    throw new KernelError((error as Error).message ?? String(error), [b.x, b.y, b.z], [t.x, t.y, t.z], {
      cause: error,
    });
  }
}

function runCollectiveBlock(
  kernel: (...args: unknown[]) => Generator<Collective, unknown, unknown>,
  threads: ThreadState[],
  args: readonly unknown[],
): void {
  const running = threads.map((thread) => ({
    thread,
    generator: runThread(thread, () => kernel(...args)),
    done: false,
    pending: undefined as Collective | undefined,
    input: undefined as unknown,
  }));
  for (;;) {
    for (const t of running) {
      if (t.done) continue;
      const step = runThread(t.thread, () => t.generator.next(t.input));
      if (step.done) {
        t.done = true;
        t.pending = undefined;
      } else {
        t.pending = step.value;
      }
    }
    const waiting = running.filter((t) => !t.done);
    if (waiting.length === 0) return;
    const ops = new Set(waiting.map((t) => t.pending?.op));
    if (waiting.length !== running.length || ops.size !== 1) {
      const b = threads[0]?.blockIdx ?? { x: 0, y: 0, z: 0 };
      throw new KernelError(
        `threads of the block reached different collective operations (${[...ops].join(', ')}${waiting.length !== running.length ? ', or none' : ''}): a barrier or warp operation under divergent control flow`,
        [b.x, b.y, b.z],
        [0, 0, 0],
      );
    }
    resolveCollectives(running);
  }
}

/** Computes every waiting thread's result of the collective it reached. */
function resolveCollectives(
  running: { thread: ThreadState; pending: Collective | undefined; input: unknown }[],
): void {
  const lanes = 32;
  for (let start = 0; start < running.length; start += lanes) {
    const warp = running.slice(start, start + lanes);
    const values = warp.map((t) => t.pending?.args[0]);
    warp.forEach((t, lane) => {
      const { op, args } = t.pending as Collective;
      const pick = (source: number) => (source >= 0 && source < warp.length ? values[source] : values[lane]);
      switch (op) {
        case 'barrier':
          t.input = undefined;
          break;
        case 'shuffle':
          t.input = pick(Number(args[1]) % lanes);
          break;
        case 'shuffleUp':
          t.input = lane - Number(args[1]) >= 0 ? values[lane - Number(args[1])] : values[lane];
          break;
        case 'shuffleDown':
          t.input = lane + Number(args[1]) < warp.length ? values[lane + Number(args[1])] : values[lane];
          break;
        case 'shuffleXor':
          t.input = pick(lane ^ Number(args[1]));
          break;
        case 'voteAny':
          t.input = values.some(Boolean);
          break;
        case 'voteAll':
          t.input = values.every(Boolean);
          break;
        case 'ballot':
          t.input = values.reduce<bigint>((mask, v, i) => (v ? mask | (1n << BigInt(i)) : mask), 0n);
          break;
      }
    });
  }
}

/** Evaluates function text with `gpu` and the scope's names bound. */
function instantiate(text: string, scope: Readonly<Record<string, unknown>>): unknown {
  const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'gpu');
  const factory = new Function('gpu', ...names, `return (${text});`) as (...values: unknown[]) => unknown;
  return factory(gpu, ...names.map((n) => scope[n]));
}
