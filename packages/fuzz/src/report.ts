/**
 * The fuzzer's report as text: counts per back-end, documented divergences by tag, refusals by
 * code, and each failure class with its minimal kernel, inputs and differing outputs.
 */
import { blockShape, type FuzzCase, gridShape, type Param } from './case.js';
import { DIVERGENCES, type DivergenceTag } from './emulate.js';
import type { FuzzReport } from './fuzz.js';

/** A case as a reader can rerun it: device functions, the kernel, its arguments. */
export function formatCase(c: FuzzCase): string {
  const show = (p: Param) => {
    if (p.kind === 'scalar') return `  ${p.name}: ${p.type} = ${p.value}`;
    if (p.kind === 'key') return `  ${p.name} = '${p.value}'`;
    if (p.kind === 'aggregate') {
      const fields = p.fields;
      return fields
        ? `  ${p.name} = { ${p.values.map((v, k) => `${fields[k]}: ${v}`).join(', ')} }`
        : `  ${p.name} = [${p.values.join(', ')}]`;
    }
    if (p.alias !== undefined) return `  ${p.name}: ${p.type}[] = ${p.alias} (the same array)`;
    return `  ${p.name}: ${p.type}[] = ${p.view ? `view([${p.values.join(', ')}], ${p.view.join(', ')})` : `[${p.values.join(', ')}]`}`;
  };
  const captured = c.captured?.length ? ['captured (scope):', ...c.captured.map(show)] : [];
  return [
    ...c.helpers.map((h) => h.source),
    c.source,
    ...captured,
    ...(c.config ? [`compiled with config ${JSON.stringify(c.config)}`] : []),
    `arguments (grid ${gridShape(c).join(' x ')}, block ${blockShape(c).join(' x ')}):`,
    ...c.params.map(show),
  ].join('\n');
}

/** A case in a Markdown code block (the report reads as Markdown). */
const fenced = (c: FuzzCase) => ['```js', formatCase(c), '```'].join('\n');

export function formatReport(report: FuzzReport): string {
  const lines: string[] = [];
  const perKernel = (ms: number, n: number) => (n > 0 ? `${(ms / n).toFixed(1)} ms/kernel` : '-');
  lines.push(
    `gpuc fuzz: ${report.kernels} kernels (seed ${report.seed}, profile ${report.profile}) in ${report.seconds.toFixed(1)} s; plain JavaScript ran ${report.javascript.ok} to the end, ${report.javascript.threw} threw`,
    '',
  );
  for (const [backend, c] of Object.entries(report.backends)) {
    if (!c) continue;
    const ran = c.match + c.compiled + c.documented + c.undocumented + c.internal + c.refused;
    lines.push(
      `${backend.padEnd(10)} ${c.match} matched, ${c.compiled} compiled, ${c.documented} documented divergences, ${c.undocumented} undocumented mismatches, ${c.internal} internal errors, ${c.refused} refused, ${c.skipped} skipped; ${perKernel(c.ms, ran)}`,
    );
  }
  const tags = Object.entries(report.documented);
  lines.push(
    '',
    `documented divergences: ${tags.length ? tags.map(([t, n]) => `${t} ${n}`).join(', ') : 'none'}`,
  );
  for (const [tag] of tags) lines.push(`  ${tag}: ${DIVERGENCES[tag as DivergenceTag]}`);
  const refused = Object.entries(report.refused);
  lines.push(
    `refused (CompileError codes): ${refused.length ? refused.map(([c, n]) => `${c} ${n}`).join(', ') : 'none'}`,
  );
  for (const message of Object.values(report.refusals)) lines.push(`  ${message}`);
  lines.push('', `failures: ${report.failures} in ${report.findings.length} classes`);
  for (const f of report.findings) {
    lines.push('', `## ${f.failureClass} (${f.count} kernels; first: kernel ${f.firstKernel})`);
    if (f.minimal) {
      lines.push(
        `minimal kernel (${f.minimal.steps} shrink steps): ${f.minimal.detail}`,
        fenced(f.minimal.kernel),
      );
    } else {
      lines.push(`first kernel (not shrunk): ${f.detail}`, fenced(f.kernel));
    }
  }
  return lines.join('\n');
}
