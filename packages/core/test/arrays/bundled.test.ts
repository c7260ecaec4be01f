// The array layer from a bundle of @gpuc/core, as tsup ships it (esbuild, CommonJS and ESM): a
// bundler renames module-level names that collide (`f64` became `f642`), so nothing the layer
// compiles may be a function of its own modules that calls gpuc's names.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

describe('the array layer in a bundle of @gpuc/core', () => {
  it.each(['cjs', 'esm'] as const)(
    'sorts, maps, folds and scans from an esbuild %s bundle',
    async (format) => {
      const esbuild = await import('esbuild');
      // Inside the package, so that the bundle's external modules resolve from its node_modules.
      const dir = join(import.meta.dirname, 'fixtures', `bundle-${format}-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      const bundle = join(dir, format === 'cjs' ? 'core.cjs' : 'core.mjs');
      try {
        await esbuild.build({
          entryPoints: [join(root, 'src/index.ts')],
          outfile: bundle,
          bundle: true,
          format,
          platform: 'node',
          target: 'node20',
          packages: 'external',
          logLevel: 'error',
          // What tsup's shims give each format: import.meta.url in CommonJS, require in ESM.
          ...(format === 'cjs'
            ? {
                define: { 'import.meta.url': 'gpucMetaUrl' },
                banner: { js: "const gpucMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
              }
            : {
                banner: {
                  js: "import { createRequire as gpucRequire } from 'node:module'; const require = gpucRequire(import.meta.url);",
                },
              }),
        });
        const script = join(dir, format === 'cjs' ? 'use.cjs' : 'use.mjs');
        const load =
          format === 'cjs' ? "const core = require('./core.cjs');" : "import * as core from './core.mjs';";
        writeFileSync(
          script,
          `${load}
const xs = Float64Array.from([3, Number.NaN, -0, 0, -1.5, 2]);
console.log(JSON.stringify([
  Array.from(core.sort(xs)).map(String),
  Array.from(core.sort(Float32Array.from(xs))).map(String),
  Array.from(core.map((x) => x * 2, Int32Array.of(1, 2))),
  core.max(Float32Array.of(1, 5, 2)),
  Array.from(core.scan((a, b) => a + b, Int32Array.of(1, 2, 3))),
]));
`,
        );
        const { stdout } = await promisify(execFile)(process.execPath, [script]);
        expect(JSON.parse(stdout)).toEqual([
          ['-1.5', '0', '0', '2', '3', 'NaN'],
          ['-1.5', '0', '0', '2', '3', 'NaN'],
          [2, 4],
          5,
          [1, 3, 6],
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
