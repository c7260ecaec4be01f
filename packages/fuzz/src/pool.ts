/**
 * The parent side of the worker process: sends a case, waits for its runs, and turns a worker
 * that dies or exceeds the time limit into a crash or a hang of that case.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FuzzCase } from './case.js';
import type { Backend, Runs } from './execute.js';

/** What running a case in a worker gave. */
export type WorkerResult =
  | { readonly runs: Runs }
  /** The worker died (signal or exit code) or did not answer in time. */
  | { readonly crash: string };

/**
 * The worker's module: a bundle beside a bundled fuzzer (the GPU machine runs bundles, without
 * tsx; packages/backend-cuda/scripts/device-bundle.sh writes both), else its TypeScript source.
 */
const BUNDLED = fileURLToPath(new URL('./fuzz-worker.mjs', import.meta.url));
const WORKER = existsSync(BUNDLED) ? BUNDLED : fileURLToPath(new URL('./worker.ts', import.meta.url));
// Workspace packages resolve to their TypeScript sources, loaded through tsx.
const LOADER = WORKER === BUNDLED ? [] : ['--conditions=source', '--import', 'tsx'];

export class Worker {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private next = 0;

  constructor(private readonly timeoutMs = 120_000) {}

  private start(): Promise<void> {
    const child = fork(WORKER, [], {
      execArgv: [...LOADER, '--stack-size=4000'],
      env: { ...process.env, GPUC_CACHE: 'off' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stderr?.resume();
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code, signal) =>
        reject(new Error(`fuzz worker did not start (${signal ?? code})`)),
      );
    });
  }

  /** Runs a case in the worker (started on first use and after a crash). */
  async run(c: FuzzCase, backends: readonly Backend[]): Promise<WorkerResult> {
    this.ready ??= this.start();
    await this.ready;
    const child = this.child as ChildProcess;
    const id = this.next++;
    return new Promise((resolve) => {
      const done = (result: WorkerResult, dead: boolean) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (dead) this.discard();
        resolve(result);
      };
      const onMessage = (message: { id: number; runs?: Runs; error?: string }) => {
        if (message.id !== id) return;
        if (message.runs) done({ runs: message.runs }, false);
        else done({ crash: `the fuzzer itself failed: ${message.error}` }, false);
      };
      const onExit = (code: number | null, signal: string | null) =>
        done({ crash: `the process died (${signal ?? `exit code ${code}`})` }, true);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done({ crash: `no answer in ${this.timeoutMs / 1000} s (a hang)` }, true);
      }, this.timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, case: c, backends });
    });
  }

  private discard(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
    this.ready = undefined;
  }

  /** Stops the worker. */
  close(): void {
    this.child?.disconnect();
    this.discard();
  }
}
