import type { Options } from 'tsup';

/** The build every package shares: ESM and CJS with declarations, for Node 20. */
export function packageBuild(entry: Record<string, string>): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    shims: true,
  };
}
