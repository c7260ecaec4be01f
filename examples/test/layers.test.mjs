// The import-direction check (scripts/layers.mjs, run by CI before the tests): this repository
// passes it, and it catches a wrong-way import, an unplaced file and a compiler-free entry point
// that reaches the compiler.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLayers } from '../../scripts/layers.mjs';
import { scratchTrees } from './scratch.mjs';

const packages = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages');
/** A packages/ folder holding the given files. */
const tree = scratchTrees('gpuc-layers-');

describe('the layer check', () => {
  it("finds every import of this repository's packages going down", () => {
    expect(checkLayers(packages)).toEqual([]);
  });

  it('reports an import of a higher layer with its file and line', () => {
    const root = tree('upward', {
      'core/src/compiler/job.ts': "export const x = 1;\nimport { launch } from '../launch/native.js';\n",
      'core/src/launch/native.ts': 'export const launch = 1;\n',
    });
    expect(checkLayers(root)).toEqual([
      'core/src/compiler/job.ts:2: compiler imports launch (core/src/launch/native.ts)',
    ]);
  });

  it('reports a file in no layer and a package-internal import of another package', () => {
    const root = tree('unplaced', {
      'core/src/stray/thing.ts': 'export const y = 2;\n',
      'backend-cuda/src/target/plugin.ts': "import { x } from '@gpuc/core/src/compiler/job.js';\n",
    });
    expect(checkLayers(root)).toEqual([
      'backend-cuda/src/target/plugin.ts:1: imports @gpuc/core/src/compiler/job.js, which is not a public entry point',
      'core/src/stray/thing.ts:1: not in any layer (add it to PLACES in scripts/layers.mjs)',
    ]);
  });

  it('follows value imports from a compiler-free entry point, not type-only ones', () => {
    const root = tree('compiler-free', {
      'core/src/host/index.ts': "import type { T } from './types.js';\nexport { run } from './run.js';\n",
      'core/src/host/types.ts': "import { parse } from 'oxc-parser';\nexport type T = typeof parse;\n",
      'core/src/host/run.ts': "import { hooks } from 'tapable';\nexport const run = hooks;\n",
    });
    expect(checkLayers(root)).toEqual([
      'core/src/host/index.ts: reaches tapable through core/src/host/index.ts -> core/src/host/run.ts',
    ]);
  });
});
