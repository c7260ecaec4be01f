// The conformance rows installed plugins add (automatic differentiation's), on every installed
// back-end as `gpuc conformance` runs them in the main job: none may fail (a back-end's math
// overlay, such as ROCm's device math library, included).
import { installedPlugins, loadConformance, nativeConformance, runConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';

describe('the conformance rows of installed plugins', () => {
  it('pass or compile on every installed back-end', async () => {
    const installed = await installedPlugins(import.meta.dirname);
    const folders = installed.flatMap((p) => (p.corpus ? [p.corpus] : []));
    const entries = (await Promise.all(folders.map(loadConformance))).flat();
    expect(entries.map((e) => e.name)).toContain('ad-reverse-scalar');
    const backends = [nativeConformance, ...installed.flatMap((p) => (p.conformance ? [p.conformance] : []))];
    expect(backends.map((b) => b.name)).toEqual(expect.arrayContaining(['native', 'rocm', 'metal']));
    const report = await runConformance(entries, backends, { plugins: installed.map((p) => p.plugin) });
    const failed = Object.entries(report.results).flatMap(([name, row]) =>
      Object.entries(row).flatMap(([backend, cell]) =>
        cell.status === 'failed' ? [`${name} on ${backend}: ${cell.detail}`] : [],
      ),
    );
    expect(failed).toEqual([]);
  });
});
