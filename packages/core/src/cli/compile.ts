/**
 * `gpuc compile`: a file's kernel compiled for a target and argument types, printing typed IR,
 * LLVM IR before or after optimisation, or assembly (or writing an object), with stage timings
 * on request. `compileFile` is the same from the API.
 */
import type { Compiler } from '../compiler/compiler.js';
import type { OutputKind } from '../compiler/hooks.js';
import { createJob, type Params } from '../compiler/job.js';
import { OptionError } from '../compiler/option-error.js';
import { type CompileResult, compileJob } from '../compiler/pipeline.js';
import { fileFunctions } from '../frontend/file-functions.js';
import { MethodTable } from '../frontend/methods.js';
import { printFunction } from '../frontend/print.js';
import { parseType, type Type } from '../frontend/types.js';

/** What to show of a compiled kernel. */
export type EmitChoice = 'typed' | 'ir' | 'ir-opt' | 'asm' | 'obj';

export interface CompileFileOptions {
  /** The kernel's name (default: the file's first function). */
  kernel?: string;
  target: string;
  /** Argument types, as written in kernel signatures: `f32`, `f32[]`, `i32[,]`. */
  types: readonly string[];
  emit: EmitChoice;
  optLevel?: 0 | 1 | 2 | 3;
  /** Check every array index (a device exception when one is out of range). */
  boundsCheck?: boolean;
  /** Target params (a compute capability, fast math...). */
  params?: Params;
}

export interface CompileFileResult {
  /** The text to print, or the bytes of an object. */
  readonly output: string | Buffer;
  readonly result: CompileResult;
}

const KINDS: Record<EmitChoice, OutputKind> = {
  typed: 'ir',
  ir: 'ir',
  'ir-opt': 'ir',
  asm: 'assembly',
  obj: 'object',
};

/**
 * Compiles one kernel of a file. The file's other top-level functions are device functions the
 * kernel may call by name.
 */
export function compileFile(
  compiler: Compiler,
  file: string,
  options: CompileFileOptions,
): CompileFileResult {
  const functions = fileFunctions(file);
  const kernel = options.kernel ? functions.find((f) => f.name === options.kernel) : functions[0];
  if (!kernel) {
    if (functions.length === 0) throw new Error(`gpuc: ${file} has no top-level function to compile`);
    const names = functions.map((f) => f.name).join(', ');
    throw new Error(`gpuc: ${file} has no function named '${options.kernel}' (found: ${names})`);
  }
  const argTypes = options.types.map((text, i) => {
    const type = parseType(text);
    if (!type) throw new Error(`gpuc: argument ${i + 1}: '${text}' is not a type (f32, i32[], f64[,]...)`);
    return type;
  });
  const devices = new MethodTable(`file ${file}`);
  for (const fn of functions) {
    if (fn !== kernel)
      devices.define(fn.name, 'variadic', { kind: 'source', source: fn.source }, `${file}: ${fn.name}`);
  }
  const params = options.params ?? {};
  const target = compiler.target(options.target, params);
  const { outputs } = target;
  if (outputs && !outputs.includes(KINDS[options.emit])) {
    const emits = (Object.keys(KINDS) as EmitChoice[]).filter((e) => outputs.includes(KINDS[e]));
    throw new OptionError(
      'emit',
      `target '${options.target}' has no ${KINDS[options.emit]} (--emit ${options.emit})`,
      emits.join(', '),
    );
  }
  const job = createJob(kernel.source, argTypes as Type[], target, {
    params,
    config: {
      name: kernel.name,
      ...(options.optLevel !== undefined ? { optLevel: options.optLevel } : {}),
      ...(options.boundsCheck ? { boundsCheck: true } : {}),
    },
  });
  const result = compileJob(compiler, job, {
    kind: KINDS[options.emit],
    keepUnoptimized: options.emit === 'ir',
    methods: [devices],
  });
  switch (options.emit) {
    case 'typed': {
      const seen = new Set([result.specialization]);
      const all = [result.specialization];
      for (let i = 0; i < all.length; i++) {
        for (const callee of all[i]?.callees ?? []) {
          if (!seen.has(callee)) {
            seen.add(callee);
            all.push(callee);
          }
        }
      }
      return { output: `${all.map((s) => printFunction(s.fn)).join('\n\n')}\n`, result };
    }
    case 'ir':
      return { output: result.unoptimizedIR ?? '', result };
    case 'ir-opt':
      return { output: result.ir, result };
    default:
      return { output: result.output, result };
  }
}
