/**
 * ptxas, NVIDIA's PTX assembler: validates PTX and turns it into a cubin without a GPU.
 */
import { findTool, runTool } from '@gpuc/core/compiler';

/** Where the CUDA toolkit usually lives (`CUDA_PATH`, `CUDA_HOME`, then the usual places). */
export function toolkitRoots(): string[] {
  const roots = [process.env.CUDA_PATH, process.env.CUDA_HOME, '/usr/local/cuda', '/opt/cuda'];
  return roots.filter((root): root is string => Boolean(root));
}

function toolkitDirs(): string[] {
  return toolkitRoots().map((root) => `${root}/bin`);
}

/** The path of ptxas, or null when no CUDA toolkit is installed. */
export function findPtxas(): string | null {
  return findTool({ names: ['ptxas'], env: 'GPUC_PTXAS', dirs: toolkitDirs() });
}

/**
 * Assembles PTX for a GPU architecture (`sm_90`) into a cubin. Throws a ToolError with ptxas's
 * messages when the PTX is invalid, and an Error when ptxas is not installed.
 */
export function assemblePTX(ptx: string, arch: string): Buffer {
  const ptxas = findPtxas();
  if (ptxas === null) throw new Error('gpuc: ptxas not found; install the CUDA toolkit or set GPUC_PTXAS');
  return runTool(ptxas, [{ name: 'kernel.ptx', data: ptx }], 'kernel.cubin', ([input], output) => [
    `-arch=${arch}`,
    '-o',
    output,
    input as string,
  ]);
}
