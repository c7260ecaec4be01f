// The docs' references check (scripts/doc-paths.mjs): this repository's docs name only files,
// packages and headings that are there, and the check catches a path, a package export, a link
// and an anchor that are not.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorsOf, checkDocPaths } from '../../scripts/doc-paths.mjs';
import { scratchTrees } from './scratch.mjs';

const tree = scratchTrees('gpuc-docs-');

/** A git work tree holding the given files (untracked: the check reads what git does not ignore). */
function repository(name, files) {
  const root = tree(name, files);
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
}

/** A package `@gpuc/core` exporting `.` and `./host`, with two source files. */
const core = {
  'packages/core/package.json': JSON.stringify({ name: '@gpuc/core', exports: { '.': {}, './host': {} } }),
  'packages/core/src/compiler/cache.ts': '',
  'packages/core/src/host/index.ts': '',
  'docs/design.md': '# Design\n\n## The compile job\n\n## The compile job\n',
};

describe('the docs check', () => {
  it("finds every path, package and link of this repository's docs", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    expect(checkDocPaths(root)).toEqual([]);
  });

  it('takes paths from the root, the doc, packages/ and a package, braces, globs and outputs git ignores', () => {
    const root = repository('found', {
      ...core,
      '.gitignore': 'out/\n',
      'README.md': [
        '`packages/core/src/compiler/cache.ts`, `core/src/{compiler,host}/`, `src/host/index.ts`,',
        '`core/src/*/cache.ts`, `cache.ts`, `hsa.h`, `out/picture.png`, `MDNode.get/getDistinct`,',
        '`@gpuc/core/host`, `@gpuc/backend-foo`, [design](docs/design.md#the-compile-job-1),',
        '[design](docs/design.md), `pair[1](x)`, [the web](https://example.com/x).',
        '```',
        'packages/core/src/gone.ts [fenced](nowhere.md)',
        '```',
      ].join('\n'),
      'ARCHITECTURE.md': '[back](README.md) and [here](#architecture)\n\n# Architecture\n',
    });
    expect(checkDocPaths(root)).toEqual([]);
  });

  it('reports a missing path, file name, package, export, link and anchor with the doc and line', () => {
    const root = repository('missing', {
      ...core,
      'README.md': [
        '`core/src/compiler/gone.ts` and `core/src/{host,launch}/`',
        '`gone.ts`, `@gpuc/nope`, `@gpuc/core/launch`',
        '[design](docs/design.md#no-such-heading), [nothing](docs/nothing.md)',
      ].join('\n'),
    });
    expect(checkDocPaths(root)).toEqual([
      'README.md:1: `core/src/compiler/gone.ts`: core/src/compiler/gone.ts is not in the repository',
      'README.md:1: `core/src/{host,launch}/`: core/src/launch/ is not in the repository',
      'README.md:2: `gone.ts`: no file is named gone.ts',
      'README.md:2: `@gpuc/nope`: no package is named @gpuc/nope',
      'README.md:2: `@gpuc/core/launch`: @gpuc/core exports no launch',
      'README.md:3: link docs/design.md#no-such-heading: docs/design.md has no heading #no-such-heading',
      'README.md:3: link docs/nothing.md: docs/nothing.md is not in the repository',
    ]);
  });

  it("gives headings GitHub's anchors: lower case, punctuation dropped, repeats numbered", () => {
    const anchors = anchorsOf('# Ownership and safety\n## `gpu.barrier()`: waits\n## Ownership and safety\n');
    expect([...anchors]).toEqual(['ownership-and-safety', 'gpubarrier-waits', 'ownership-and-safety-1']);
  });
});
