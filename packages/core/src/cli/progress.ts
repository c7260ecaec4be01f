/**
 * A progress bar on stderr for long batches (the conformance corpus, the examples), shown only
 * when stderr is a terminal so that logs and CI output stay clean.
 */
import { SingleBar } from 'cli-progress';
import type { ProgressListener } from '../conformance/runner.js';

/** A listener drawing a bar, and a function to clear it; a no-op pair when stderr is not a TTY. */
export function progressBar(title: string): { listener: ProgressListener; stop(): void } {
  if (!process.stderr.isTTY) return { listener: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: `${title} {bar} {value}/{total} {current}`,
    stream: process.stderr,
    clearOnComplete: true,
    hideCursor: true,
  });
  let started = false;
  return {
    listener(done, total, current) {
      if (!started) {
        bar.start(total, done, { current });
        started = true;
      } else {
        bar.update(done, { current });
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
