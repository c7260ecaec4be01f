/**
 * @gpuc/fuzz: the differential fuzzer. Random kernels as JavaScript text, run as plain
 * JavaScript (the oracle), with gpuc's documented divergences emulated, on the reference runner,
 * natively, compiled for CUDA and checked by ptxas, on a GPU when there is one, and on WebGPU
 * (kernels of the `wgsl` profile).
 */
export type { FuzzCase, Helper, Param, Tolerance } from './case.js';
export { failureClass, isFailure, judge, type Verdict } from './classify.js';
export { DIVERGENCES, type DivergenceTag, Emulation } from './emulate.js';
export { BACKENDS, type Backend, execute, type Run, type Runs } from './execute.js';
export { defaultProfile, type Finding, type FuzzOptions, type FuzzReport, fuzz, tapes } from './fuzz.js';
export { generate } from './generate.js';
export { PROFILE_NAMES, type ProfileName } from './generator/profile.js';
export { Worker, type WorkerResult } from './pool.js';
export { formatCase, formatReport } from './report.js';
