/**
 * PTX emission.
 */
import { emit, llvm, type Module, type OptLevel, parseModule, type TargetDescription } from '@gpuc/core/llvm';
import { separateLoopHeaders } from './loop-headers.js';

/**
 * Emits a CUDA module as PTX text, each loop with a header of its own. The module is lowered in
 * place; emit a clone to keep it.
 */
export function emitPTX(module: Module, target: TargetDescription, optLevel: OptLevel = 2): string {
  const lowered = withByteParameters(module);
  try {
    separateLoopHeaders(lowered);
    return renumberCallSequences(emit(lowered, target, 'assembly', optLevel));
  } finally {
    if (lowered !== module) lowered.dispose();
  }
}

/**
 * PTX with its call sequences (`{ // callseq N, 0` ... `} // callseq N`) numbered from 0 in
 * order: NVPTX numbers them per target machine, across every module the machine emits, so the
 * same kernel's PTX would depend on what the process compiled before it.
 */
export function renumberCallSequences(ptx: string): string {
  const numbers = new Map<string, number>();
  return ptx.replace(/([{}] \/\/ callseq )(\d+)/g, (_, head: string, n: string) => {
    let own = numbers.get(n);
    if (own === undefined) {
      own = numbers.size;
      numbers.set(n, own);
    }
    return `${head}${own}`;
  });
}

/**
 * The module to emit: `module` itself, or a copy (same context) whose kernels take each empty
 * parameter (a function, an empty record or tuple: types with no run-time content) as one byte,
 * `[1 x i8]`, which PTX declares `.b8 p[1]`. LLVM 22 refuses empty parameter types, ptxas
 * zero-sized ones, and the host lays them out as one byte (`layout` in driver/parameters.ts).
 * The kernel never reads them: their uses become the empty value first.
 */
export function withByteParameters(module: Module): Module {
  const l = llvm();
  /** The positions of each kernel's empty parameters, by the kernel's name. */
  const empty = new Map<string, Set<number>>();
  for (const fn of module.getFunctions()) {
    if (fn.isDeclaration() || fn.getCallingConv() !== l.CallingConv.PTX_Kernel) continue;
    fn.getArguments().forEach((arg, i) => {
      const type = arg.getType();
      if (!type.isStructTy() && !type.isArrayTy()) return;
      if (module.getDataLayout().getTypeAllocSize(type) !== 0) return;
      if (!arg.use_empty()) arg.replaceAllUsesWith(l.Constant.getNullValue(type));
      empty.set(fn.getName(), (empty.get(fn.getName()) ?? new Set()).add(i));
    });
  }
  if (empty.size === 0) return module;
  const text = module.print().replace(/^define ptx_kernel .*$/gm, (line) => {
    const name = /@("(?:[^"\\]|\\.)*"|[\w$.-]+)\(/.exec(line);
    const positions = name ? empty.get(name[1]?.replace(/^"|"$/g, '') ?? '') : undefined;
    return positions && name ? byteParameters(line, name.index + name[0].length, positions) : line;
  });
  return parseModule(module.getContext(), text, module.getModuleIdentifier());
}

/**
 * A `define` line whose parameters at `positions` (their list starts at `start`) take `[1 x i8]`
 * instead of their types, however nested (`{ {}, [2 x {}] }`): attributes go with the type, the
 * name stays.
 */
function byteParameters(line: string, start: number, positions: ReadonlySet<number>): string {
  let depth = 0;
  let index = 0;
  let from = start;
  let result = line.slice(0, start);
  for (let at = start; at < line.length; at++) {
    const c = line[at] as string;
    if (c === '{' || c === '[' || c === '<' || c === '(') depth++;
    else if ((c === '}' || c === ']' || c === '>' || c === ')') && depth > 0) depth--;
    else if ((c === ',' || c === ')') && depth === 0) {
      const parameter = line.slice(from, at);
      const name = /%[^\s]+\s*$/.exec(parameter)?.[0];
      result += positions.has(index) && name ? `${index > 0 ? ' ' : ''}[1 x i8] ${name}` : parameter;
      result += c;
      if (c === ')') return result + line.slice(at + 1);
      index++;
      from = at + 1;
    }
  }
  return line;
}
