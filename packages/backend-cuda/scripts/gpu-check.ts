// The GPU checks on a lent machine: `node gpu-check.mjs [--corpus DIR] [--out FILE]` (bundled by
// scripts/device-bundle.sh) runs every check of test/gpu/suite.ts, prints a table, and writes
// the results as JSON. With `--print` it only runs the print kernel (the printf check's child);
// `--only TEXT` runs the checks whose names contain TEXT (a short call on a lent machine).
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { gpuChecks, runPrintKernel } from '../test/gpu/suite.js';

const options = new Command('gpu-check')
  .option('--corpus <dir>', 'the conformance corpus')
  .option('--out <file>', 'write the results as JSON')
  .option('--print', 'run the print kernel only')
  .option('--only <text>', 'run only the checks whose names contain this text')
  .parse()
  .opts<{ corpus?: string; out?: string; print?: boolean; only?: string }>();

if (options.print) {
  runPrintKernel();
} else {
  const self = [process.execPath, ...process.execArgv, process.argv[1] as string, '--print'];
  const checks = gpuChecks(self, ...(options.corpus ? [options.corpus] : [])).filter(
    (check) => options.only === undefined || check.name.includes(options.only),
  );
  const results: { check: string; ok: boolean; detail: string; ms: number }[] = [];
  for (const check of checks) {
    const start = performance.now();
    try {
      results.push({ check: check.name, ok: true, detail: await check.run(), ms: performance.now() - start });
    } catch (error) {
      results.push({
        check: check.name,
        ok: false,
        detail: (error as Error).message,
        ms: performance.now() - start,
      });
    }
  }
  for (const r of results)
    console.log(
      `${r.ok ? 'ok  ' : 'FAIL'} ${r.check.padEnd(36)} ${r.ms.toFixed(0).padStart(6)} ms  ${r.detail}`,
    );
  if (options.out) writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}
