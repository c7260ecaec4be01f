/**
 * The native target: the host CPU, for running kernels in this process and in CI.
 */
import { llvm } from '../llvm/load.js';
import { type TargetDescription, targetMachine } from '../llvm/target.js';

let host: TargetDescription | undefined;

/** The host's triple, CPU and features, with the data layout LLVM uses for them. */
export function nativeTarget(): TargetDescription {
  if (host === undefined) {
    const l = llvm();
    const triple = l.getDefaultTargetTriple();
    const cpu = l.getHostCPUName();
    const features = l.getHostCPUFeatures();
    const described = { name: 'native', triple, dataLayout: '', cpu, features, hasMachine: true };
    // The machine is cached under the same key, so asking it for the layout costs nothing later.
    const dataLayout = targetMachine(described).getDataLayoutString();
    host = Object.freeze({ ...described, dataLayout });
  }
  return host;
}
