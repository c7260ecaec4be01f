// The host cost of launches, as bench/cuda/run.ts and launch-host.ts both take it.
import { median } from '../table.js';

/** How `issueTimes` times: `calls` calls a round, `rounds` timed rounds after one not timed. */
export interface IssueTiming {
  readonly calls: number;
  readonly rounds: number;
  /** Waits for what a round queued (the launches' GPU work), after the round's clock stops. */
  readonly drain: () => void;
}

/**
 * Microseconds per call of each function, as issued (the wait for the GPU is not the host's
 * cost): the median of `rounds` rounds of `calls` calls, the functions taking turns round by
 * round (on a shared machine, load then slows them alike). The first round is not counted: it
 * also pays V8's optimisation of the launch path (100 warm-up launches left it half done, 6.5 us
 * on an H100 where later rounds took 3.6).
 */
export function issueTimes(fns: readonly (() => void)[], { calls, rounds, drain }: IssueTiming): number[] {
  const times = fns.map((): number[] => []);
  for (let r = 0; r <= rounds; r++)
    fns.forEach((fn, f) => {
      const start = performance.now();
      for (let i = 0; i < calls; i++) fn();
      const issued = performance.now();
      drain();
      if (r > 0) times[f]?.push(((issued - start) * 1000) / calls);
    });
  return times.map(median);
}
