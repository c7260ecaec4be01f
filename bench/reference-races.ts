// What race checking costs the reference runner: conformance kernels run with `races` on (the
// default) and off, interleaved, the median of each. Run: pnpm bench:races

import { entrySource, helpers } from '../packages/core/src/conformance/entry.js';
import { corpusDirectory, loadConformance } from '../packages/core/src/conformance/runner.js';
import { runReference } from '../packages/core/src/index.js';
import { median, printTable } from './table.js';

const NAMES = ['matmul', 'transpose', 'reductions', 'histogram', 'shared-f32', 'saxpy'];
const ROUNDS = Number(process.env.ROUNDS ?? 9);

const entries = (await loadConformance(corpusDirectory())).filter((e) => NAMES.includes(e.name));
const rows = [['kernel', 'unchecked ms', 'checked ms', 'slowdown']];
for (const entry of entries) {
  const time = (races: boolean) => {
    const args = entry.args(helpers);
    const launch = {
      grid: entry.grid,
      block: entry.block,
      scope: entry.scope?.() ?? {},
      sharedBytes: entry.sharedBytes ?? 0,
      races,
    };
    const start = performance.now();
    runReference(entrySource(entry), launch, args);
    return performance.now() - start;
  };
  time(true);
  time(false);
  const off: number[] = [];
  const on: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    off.push(time(false));
    on.push(time(true));
  }
  const [a, b] = [median(off), median(on)];
  rows.push([entry.name, a.toFixed(2), b.toFixed(2), `${(b / a).toFixed(2)}x`]);
}
printTable(rows);
