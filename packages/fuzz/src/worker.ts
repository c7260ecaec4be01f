/**
 * The worker process: runs the cases its parent sends and answers with their runs. Compiled
 * kernels run here, so a kernel that crashes the process (a segfault, an abort, a stack
 * overflow) or never ends takes only the worker down; the parent reports it and starts another.
 */
import type { FuzzCase } from './case.js';
import { type Backend, execute } from './execute.js';

interface Request {
  readonly id: number;
  readonly case: FuzzCase;
  readonly backends: readonly Backend[];
}

process.on('message', async (request: Request) => {
  let reply: unknown;
  try {
    reply = { id: request.id, runs: await execute(request.case, request.backends) };
  } catch (error) {
    reply = {
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  process.send?.(reply);
});
process.send?.({ ready: true });
