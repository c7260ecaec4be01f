import { execFileSync } from 'node:child_process';
import { findTool } from '../src/entry/compiler.js';
import {
  CompileError,
  compileJob,
  createCompiler,
  createJob,
  parseType,
  sourceFromText,
} from '../src/index.js';
import {
  createContext,
  type LLVM,
  type LLVMContext,
  llvm,
  type Module,
  parseModule,
  type TargetDescription,
  targetMachine,
} from '../src/llvm/index.js';

export const L: LLVM = llvm();

/** One context for a test file; contexts live for the process anyway. */
export const context: LLVMContext = createContext();

/** Parses IR text in the shared test context. */
export function ir(text: string, name = 'test.ll'): Module {
  return parseModule(context, text, name);
}

/** LLVM 22's own tools (the LLVM gpuc links), used to check what gpuc emits. */
export function llvmTool(name: string): string {
  const path = findTool({ names: [`${name}-22`], dirs: ['/usr/lib/llvm-22/bin'] });
  if (path === null) throw new Error(`${name} (LLVM 22) is not installed`);
  return path;
}

export function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8' });
}

/**
 * An NVPTX description for core's own tests (the CUDA back-end owns the real one), so that core
 * tests do not depend on a back-end package.
 */
export function cudaLikeTarget(): TargetDescription {
  const described = {
    name: 'nvptx',
    triple: 'nvptx64-nvidia-cuda',
    dataLayout: '',
    cpu: 'sm_80',
    features: '',
    hasMachine: true,
  };
  return { ...described, dataLayout: targetMachine(described).getDataLayoutString() };
}

const nativeCompiler = createCompiler();
let refused = 0;

/**
 * The CompileError that a native kernel `k(out: f32[], h: f16[])` with this body is refused
 * with (named `${stem}-N.js`); a body that compiles fails the test.
 */
export function refusalOf(body: string, scope: Record<string, unknown> = {}, stem = 'refused'): CompileError {
  const text = `function k(out, h) {\n  ${body}\n}`;
  const types = [parseType('f32[]'), parseType('f16[]')] as NonNullable<ReturnType<typeof parseType>>[];
  const job = createJob(
    sourceFromText(text, `${stem}-${refused++}.js`),
    types,
    nativeCompiler.target('native'),
    {
      scope,
    },
  );
  try {
    compileJob(nativeCompiler, job, { kind: 'ir' });
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error(`compiled: ${body}`);
}
