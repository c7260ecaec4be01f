/**
 * The runtime library and its weak stubs (docs/design.md, "The runtime library").
 *
 * Generated code calls runtime functions as `gpu_<name>`. Each module that calls one also gets a
 * *weak* definition returning a harmless sentinel, so a module compiled without any runtime (an
 * ahead-of-time build, a host-side tool) still links with no undefined `gpu_*` symbol. When the
 * back-end's runtime library is linked, its *strong* definitions must win; since internalising
 * would turn the weak stubs into internal definitions that an only-needed link no longer
 * replaces, the stubs become plain declarations first (GPUCompiler.jl's pitfall).
 *
 * The library is built per (target, runtime configuration) by the back-end, unoptimised (it is
 * optimised with the kernel after linking), and kept as bitcode.
 */
import { basicTypes } from '../llvm/basic-types.js';
import { llvm } from '../llvm/load.js';
import { createModule, parseModule } from '../llvm/module.js';
import type { IRBuilder, LLVMContext, LLVMFunction, Type as LLVMType, Module, Value } from '../llvm/types.js';
import { runtimeMemoryKey } from './cache-keys.js';
import type { DiskCache } from './disk-cache.js';
import type { Target } from './job.js';

/** Kinds of runtime parameters and results. */
export type RuntimeKind = 'void' | 'i32' | 'i64' | 'ptr';

/** A symbol each back-end must define as `gpu_<name>`. */
export interface RuntimeSymbol {
  readonly name: string;
  readonly result: RuntimeKind;
  readonly params: readonly RuntimeKind[];
  /**
   * A capability a target may lack (`Target.lacks`), and what code calling the symbol does, for
   * the error: on such a target the symbol keeps no stub, and validation reports each call.
   */
  readonly needs?: { readonly capability: keyof Target['lacks']; readonly doing: string };
}

/** The symbols every back-end provides (docs/design.md, "The runtime library"). */
export const RUNTIME_SYMBOLS: readonly RuntimeSymbol[] = [
  { name: 'signal_exception', result: 'void', params: [] },
  { name: 'report_exception', result: 'void', params: ['ptr'] },
  { name: 'report_exception_name', result: 'void', params: ['ptr'] },
  { name: 'report_exception_frame', result: 'void', params: ['i32', 'ptr', 'ptr', 'i32'] },
  { name: 'report_oom', result: 'void', params: ['i64'] },
  {
    name: 'malloc',
    result: 'ptr',
    params: ['i64'],
    needs: { capability: 'dynamicAllocation', doing: 'allocates memory dynamically' },
  },
];

/** Marks a stub, so that only gpuc's own weak bodies are turned back into declarations. */
const STUB_MARK = 'gpuc.runtime.stub';

/** Where a device exception was thrown, for its message. */
export interface ThrowSite {
  readonly message: string;
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Builds a back-end's strong runtime definitions into a module (in the target's triple). */
export type RuntimeBuilder = (module: Module, target: Target) => void;

export class RuntimeRegistry {
  private readonly symbols = new Map<string, RuntimeSymbol>(RUNTIME_SYMBOLS.map((s) => [s.name, s]));
  private readonly builders = new Map<string, RuntimeBuilder>();
  private readonly libraries = new Map<string, Buffer>();
  /** Per library (as `libraries`): the names it defines, or null where linking it always adds something. */
  private readonly definitions = new Map<string, ReadonlySet<string> | null>();

  /** Adds a runtime symbol beyond the standard set. */
  declareSymbol(symbol: RuntimeSymbol): void {
    this.symbols.set(symbol.name, symbol);
  }

  /** Registers the builder of a back-end's strong runtime. */
  provide(backend: string, builder: RuntimeBuilder): void {
    this.builders.set(backend, builder);
  }

  private llvmType(kind: RuntimeKind, context: LLVMContext): LLVMType {
    const l = llvm();
    switch (kind) {
      case 'void':
        return l.Type.getVoidTy(context);
      case 'i32':
        return l.Type.getInt32Ty(context);
      case 'i64':
        return l.Type.getInt64Ty(context);
      case 'ptr':
        return l.Type.getInt8PtrTy(context);
    }
  }

  /** The `gpu_<name>` function in a module, with its weak CPU-safe stub when it is new. */
  function(module: Module, name: string): LLVMFunction {
    const symbol = this.symbols.get(name);
    if (!symbol) throw new Error(`gpuc: '${name}' is not a runtime symbol`);
    const l = llvm();
    const existing = module.getFunction(`gpu_${name}`);
    if (existing) return existing;
    const context = module.getContext();
    const result = this.llvmType(symbol.result, context);
    const type = l.FunctionType.get(
      result,
      symbol.params.map((p) => this.llvmType(p, context)),
      false,
    );
    const fn = l.Function.Create(type, l.Function.LinkageTypes.WeakAnyLinkage, `gpu_${name}`, module);
    this.stubBody(fn, symbol);
    return fn;
  }

  /** Gives a runtime function gpuc's weak stub body (sentinel result). */
  private stubBody(fn: LLVMFunction, symbol: RuntimeSymbol): void {
    const l = llvm();
    const context = fn.getParent()?.getContext() as LLVMContext;
    const result = this.llvmType(symbol.result, context);
    fn.setLinkage(l.GlobalValue.LinkageTypes.WeakAnyLinkage);
    fn.setMetadata(STUB_MARK, l.MDNode.get(context, []));
    const builder = new l.IRBuilder(l.BasicBlock.Create(context, 'stub', fn));
    switch (symbol.result) {
      case 'void':
        builder.CreateRetVoid();
        break;
      case 'ptr':
        // The integer 1 as a pointer: not null, so no null check folds the call away.
        builder.CreateRet(
          l.ConstantExpr.getIntToPtr(l.ConstantInt.get(l.Type.getInt64Ty(context), 1), result),
        );
        break;
      default:
        builder.CreateRet(l.ConstantInt.get(result, 0));
    }
  }

  /**
   * Puts the weak stubs back on runtime functions a link left undefined, except those the target
   * lacks the capability for: left declared, validation reports where the kernel calls them.
   */
  restoreStubs(module: Module, names: readonly string[], target: Target): void {
    for (const name of names) {
      const fn = module.getFunction(name);
      const symbol = this.symbols.get(name.replace(/^gpu_/, ''));
      if (fn?.isDeclaration() && symbol && this.lacked(name, target) === undefined) this.stubBody(fn, symbol);
    }
  }

  /** What a call to `gpu_<name>` does that the target cannot (an error's words), if anything. */
  lacked(name: string, target: Target): string | undefined {
    const needs = this.symbols.get(name.replace(/^gpu_/, ''))?.needs;
    return needs && target.lacks[needs.capability] === true ? needs.doing : undefined;
  }

  /** Emits a call to `gpu_<name>`. */
  call(builder: IRBuilder, module: Module, name: string, args: readonly Value[]): Value {
    return builder.CreateCall(this.function(module, name), [...args]);
  }

  /** A pointer (generic address space) to a constant string in the module. */
  string(builder: IRBuilder, module: Module, text: string, space: number): Value {
    const l = llvm();
    const global = builder.CreateGlobalString(text, 'gpuc.str', space, module);
    global.setUnnamedAddr(l.GlobalValue.UnnamedAddr.Global);
    const { i8 } = basicTypes(module);
    let pointer: Value = l.ConstantExpr.getBitCast(global, l.PointerType.get(i8, space));
    if (space !== 0)
      pointer = l.ConstantExpr.getAddrSpaceCast(pointer as never, l.Type.getInt8PtrTy(module.getContext()));
    return pointer;
  }

  /** A device exception: report the message and where it happened, then signal. */
  emitThrow(builder: IRBuilder, module: Module, site: ThrowSite, space: number): void {
    const l = llvm();
    const { i32 } = basicTypes(module);
    this.call(builder, module, 'report_exception', [this.string(builder, module, site.message, space)]);
    this.call(builder, module, 'report_exception_frame', [
      l.ConstantInt.get(i32, 0),
      this.string(builder, module, site.function, space),
      this.string(builder, module, site.file, space),
      l.ConstantInt.get(i32, site.line),
    ]);
    this.call(builder, module, 'signal_exception', []);
  }

  /** Turns gpuc's weak stubs back into declarations, before internalising and linking. */
  stubsToDeclarations(module: Module): string[] {
    const converted: string[] = [];
    for (const fn of module.getFunctions()) {
      if (fn.getMetadata(STUB_MARK) === null || fn.isDeclaration()) continue;
      fn.deleteBody();
      fn.setMetadata(STUB_MARK, null);
      fn.setLinkage(llvm().GlobalValue.LinkageTypes.ExternalLinkage);
      converted.push(fn.getName());
    }
    return converted;
  }

  /** The names of gpuc's weak stubs still in a module. */
  stubs(module: Module): string[] {
    return module
      .getFunctions()
      .filter((fn) => fn.getMetadata(STUB_MARK) !== null && !fn.isDeclaration())
      .map((fn) => fn.getName());
  }

  /**
   * The back-end's runtime library for a target, as a fresh module in `context`: built once per
   * target and kept as bitcode in memory and, given a disk cache and its key, on disk. Undefined
   * when the back-end provides none, or when `into` (the module it is for) declares nothing the
   * library defines: a link of only what is needed would then leave `into` as it is, and reading
   * the library costs more than many kernels' own code generation.
   */
  library(
    context: LLVMContext,
    target: Target,
    disk?: { cache: DiskCache; key: string },
    into?: Module,
  ): Module | undefined {
    const builder = this.builders.get(target.backend);
    if (!builder) return undefined;
    const key = runtimeMemoryKey(target);
    let bitcode = this.libraries.get(key);
    const stored = bitcode ? undefined : disk?.cache.read(disk.key);
    if (stored?.kind === 'runtime') {
      bitcode = stored.output as Buffer;
      this.libraries.set(key, bitcode);
    }
    if (!bitcode) {
      const module = createModule(context, `gpuc runtime ${target.name}`, target);
      builder(module, target);
      const problem = module.verify();
      if (problem !== null)
        throw new Error(`gpuc: the ${target.backend} runtime does not verify:\n${problem}`);
      bitcode = module.toBitcode();
      module.dispose();
      this.libraries.set(key, bitcode);
      disk?.cache.write(disk.key, {
        entry: '',
        kind: 'runtime',
        bitcode: Buffer.alloc(0),
        moduleId: '',
        output: bitcode,
      });
    }
    const defined = this.definitions.get(key);
    if (into && defined && !declaresAny(into, defined)) return undefined;
    // Read lazily: a kernel links only the few runtime functions it calls, often none.
    const library = parseModule(context, bitcode, `gpuc runtime ${target.name}`, { lazy: true });
    if (defined === undefined) this.definitions.set(key, definedNames(library));
    return library;
  }
}

/**
 * The names a library module defines; null when a link takes something of it whether needed or
 * not (named metadata, module flags and appending globals such as `llvm.used` always come along).
 */
function definedNames(library: Module): ReadonlySet<string> | null {
  const appending = llvm().GlobalValue.LinkageTypes.AppendingLinkage;
  const globals = library.getGlobalVariables();
  if (library.getNamedMetadataNames().length > 0 || globals.some((g) => g.getLinkage() === appending))
    return null;
  return new Set(
    [...library.getFunctions(), ...globals].filter((g) => !g.isDeclaration()).map((g) => g.getName()),
  );
}

/** Whether a module declares (uses without defining) any of `names`. */
function declaresAny(module: Module, names: ReadonlySet<string>): boolean {
  return [...module.getFunctions(), ...module.getGlobalVariables()].some(
    (g) => g.isDeclaration() && names.has(g.getName()),
  );
}
