/**
 * Finding and running the external tools gpuc drives (ptxas, ld.lld, the C compiler).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where to look for a tool, in order: an environment variable, PATH, then fixed folders. */
export interface ToolSearch {
  /** File names to try, in order (`ptxas`, `ld.lld-22`). */
  names: readonly string[];
  /** An environment variable holding the tool's full path. */
  env?: string;
  /** Folders to try after PATH. */
  dirs?: readonly string[];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The tool's path, or null when it is not installed. */
export function findTool(search: ToolSearch): string | null {
  const fromEnv = search.env ? process.env[search.env] : undefined;
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...(search.dirs ?? [])];
  for (const name of search.names) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return null;
}

/** A tool that ran and failed, with what it printed. */
export class ToolError extends Error {
  override name = 'ToolError';
}

/**
 * Runs a tool on input files written to a scratch folder and returns the bytes of its output
 * file. `args` receives the paths of the inputs (in order) and of the output.
 */
export function runTool(
  tool: string,
  inputs: readonly { name: string; data: string | Uint8Array }[],
  outputName: string,
  args: (inputs: string[], output: string) => string[],
): Buffer {
  return inScratch(inputs, (paths, dir) => {
    const output = join(dir, outputName);
    execute(tool, args(paths, output));
    return readFileSync(output);
  });
}

/** Runs a tool on input files written to a scratch folder and returns what it prints. */
export function toolOutput(
  tool: string,
  inputs: readonly { name: string; data: string | Uint8Array }[],
  args: (inputs: string[]) => string[],
): string {
  return inScratch(inputs, (paths) => execute(tool, args(paths)).toString());
}

function inScratch<T>(
  inputs: readonly { name: string; data: string | Uint8Array }[],
  use: (paths: string[], dir: string) => T,
): T {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-'));
  try {
    const paths = inputs.map(({ name, data }) => {
      const path = join(dir, name);
      writeFileSync(path, data);
      return path;
    });
    return use(paths, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function execute(tool: string, args: string[]): Buffer {
  try {
    return execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
    const printed = `${stderr?.toString() ?? ''}${stdout?.toString() ?? ''}`.trim();
    throw new ToolError(`${tool} failed${printed ? `:\n${printed}` : ''}`);
  }
}
