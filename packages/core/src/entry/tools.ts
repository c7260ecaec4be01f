/**
 * `@gpuc/core/tools`: what the `gpuc` CLI does, as functions: the cross-back-end conformance
 * suite (corpus, runner, report), compiling a file's kernels, building bundles, finding the
 * installed back-ends, and the device-math accuracy table.
 */

export { type BuildOptions, buildBundle } from '../cli/build.js';
export {
  type CompileFileOptions,
  type CompileFileResult,
  compileFile,
  type EmitChoice,
} from '../cli/compile.js';
export { type InstalledPlugin, installedPlugins, pluginFrom } from '../cli/installed.js';
export { progressBar } from '../cli/progress.js';
export {
  type ConformanceEntry,
  type ConformanceFeature,
  differences,
  entryJob,
  entrySource,
  helpers as conformanceHelpers,
} from '../conformance/entry.js';
export { nativeConformance } from '../conformance/native.js';
export {
  type ConformanceBackend,
  type ConformanceReport,
  compilerWith,
  corpusDirectory,
  type DeviceLaunch,
  deviceRun,
  formatReport,
  loadConformance,
  type Outcome,
  refusesMatrix,
  runConformance,
} from '../conformance/runner.js';
export {
  type AccuracyRow,
  accuracyTable,
  EDGE_CASES,
  measureDeviceMath,
  ulpsApart,
} from '../devicemath/accuracy.js';
