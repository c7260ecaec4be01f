import { CASES } from '../corpus/cases.js';
import { nativeExecutor, referenceExecutor } from '../corpus/executors.js';
import { runCase, tolerances } from '../corpus/harness.js';

const only = process.argv[2];
for (const executor of [nativeExecutor, referenceExecutor]) {
  for (const c of CASES) {
    if (only && !c.name.includes(only)) continue;
    for (const mode of ['reverse', 'forward', 'primal'] as const) {
      try {
        const r = await runCase(c, mode, executor);
        const t = tolerances(c);
        const ok = (r.analyticError ?? 0) <= t.analytic && r.differenceError <= t.differences;
        if (!ok) console.log('FAIL', executor.name, c.name, mode, r);
      } catch (e) {
        console.log(
          'ERR ',
          executor.name,
          c.name,
          mode,
          (e as Error).message.split('\n').slice(0, 6).join('\n'),
        );
      }
    }
  }
}
console.log('done');
