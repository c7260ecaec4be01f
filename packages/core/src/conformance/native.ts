/**
 * The native back-end in the conformance runner: compiled for the host and executed.
 */
import { compileNative } from '../launch/native.js';
import { entrySource } from './entry.js';
import { type ConformanceBackend, compilerWith } from './runner.js';

export const nativeConformance: ConformanceBackend = {
  name: 'native',
  run(entry, args, argTypes, plugins) {
    const kernel = compileNative(entrySource(entry), argTypes, {
      compiler: compilerWith(plugins),
      ...(entry.scope ? { scope: entry.scope() } : {}),
    });
    kernel.launch(entry.grid, entry.block, args, undefined, entry.sharedBytes ?? 0);
  },
};
