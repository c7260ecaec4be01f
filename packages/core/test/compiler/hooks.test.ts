import { describe, expect, it } from 'vitest';
import { type CompilerHooks, type Job, PluginError, specializeJob } from '../../src/entry/compiler.js';
import {
  CompileError,
  type Compiler,
  type CompilerPlugin,
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '../../src/index.js';
import { type LLVMFunction, llvm, type Module } from '../../src/llvm/index.js';
import { WasmPlugin } from '../plugin/wasm-backend.js';

const KERNEL = 'function k(x) { x[gpu.globalIdx.x] = 1; }';

function job(compiler: Compiler, target: string, text = KERNEL, config: Partial<Job['config']> = {}): Job {
  return createJob(
    sourceFromText(text, 'hooks.test.js'),
    [parseType('f32[]') as KernelType],
    compiler.target(target),
    {
      config: { debugLevel: 0, ...config },
    },
  );
}

/** A plugin that records, by hook name, every call of the hooks it taps. */
class Recorder implements CompilerPlugin {
  readonly calls: string[] = [];

  constructor(
    readonly name: string,
    private readonly hooks: (compiler: Compiler) => CompilerHooks,
  ) {}

  apply(compiler: Compiler): void {
    const hooks = this.hooks(compiler);
    /** Records a call of `hook` and passes `value` through. */
    const record = <T = undefined>(hook: string, value?: T): T => {
      this.calls.push(hook);
      return value as T;
    };
    hooks.prepareJob.tap(this.name, () => record('prepareJob'));
    hooks.methodTables.tap(this.name, (tables) => record('methodTables', tables));
    hooks.finishModule.tap(this.name, (entry) => record('finishModule', entry));
    hooks.linkLibraries.tap(this.name, () => record('linkLibraries'));
    hooks.finishLinkedModule.tap(this.name, (entry) => record('finishLinkedModule', entry));
    hooks.optimizeModule.tap(this.name, () => record('optimizeModule'));
    hooks.finishIR.tap(this.name, (entry) => record('finishIR', entry));
    hooks.validateIR.tap(this.name, (problems) => record('validateIR', problems));
    hooks.emit.tap(this.name, () => record('emit'));
  }
}

const EVERY_STAGE = [
  'prepareJob',
  'methodTables',
  'finishModule',
  'linkLibraries',
  'finishLinkedModule',
  'optimizeModule',
  'finishIR',
  'validateIR',
  'emit',
];

/** A plugin with one tap, on the native back-end's hook `hook`. */
function tapping<H extends keyof CompilerHooks>(
  name: string,
  hook: H,
  fn: Parameters<CompilerHooks[H]['tap']>[1],
): CompilerPlugin {
  return {
    name,
    apply: (compiler) =>
      (compiler.hooks.for('native')[hook].tap as (n: string, f: typeof fn) => void)(name, fn),
  };
}

/** A new function `name` of the entry's type that calls the entry: an entry replaced. */
function wrapper(entry: LLVMFunction, module: Module, name: string): LLVMFunction {
  const l = llvm();
  const fn = l.Function.Create(
    entry.getFunctionType(),
    l.Function.LinkageTypes.ExternalLinkage,
    name,
    module,
  );
  const b = new l.IRBuilder(l.BasicBlock.Create(module.getContext(), 'entry', fn));
  b.CreateRet(b.CreateCall(entry, fn.getArguments()));
  return fn;
}

describe('compiler hooks', () => {
  it('call a back-end’s taps for its own jobs only, and taps for every back-end for all', () => {
    const wasm = new Recorder('wasm-recorder', (compiler) => compiler.hooks.for('wasm'));
    const all = new Recorder('all-recorder', (compiler) => compiler.hooks.all);
    const compiler = createCompiler().use(new WasmPlugin(), wasm, all);
    compileJob(compiler, job(compiler, 'native'), { kind: 'ir', memory: false });
    expect(wasm.calls).toEqual([]);
    expect(all.calls).toEqual(EVERY_STAGE);
    all.calls.length = 0;
    compileJob(compiler, job(compiler, 'wasm'), { kind: 'ir', memory: false });
    expect(wasm.calls).toEqual(EVERY_STAGE);
    expect(all.calls).toEqual(EVERY_STAGE);
  });

  it('call taps in the order plugins registered them, those for every back-end among them', () => {
    const order: string[] = [];
    const compiler = createCompiler();
    const tap = (hooks: CompilerHooks, name: string) =>
      hooks.prepareJob.tap(name, () => {
        order.push(name);
      });
    tap(compiler.hooks.all, 'first');
    tap(compiler.hooks.for('native'), 'second');
    tap(compiler.hooks.all, 'third');
    compileJob(compiler, job(compiler, 'native'), { kind: 'ir', memory: false });
    expect(order).toEqual(['first', 'second', 'third']);
  });

  it('let a back-end that does not end in LLVM translate the typed IR itself', () => {
    const seen: string[] = [];
    const compiler = createCompiler().use(
      tapping('prepare', 'prepareJob', () => {
        seen.push('prepareJob');
      }),
      tapping('text', 'translate', (specialization, kind) => `${kind}: ${specialization.key}`),
    );
    const result = compileJob(compiler, job(compiler, 'native'), { kind: 'assembly', memory: false });
    expect(result.output).toBe('assembly: k(f32[])');
    expect(result.ir).toBe('');
    expect(result.timings).toHaveProperty('translate');
    expect(result.timings).not.toHaveProperty('codegen');
    // The front half alone, as a launcher of such a back-end takes it.
    const { specialization } = specializeJob(compiler, job(compiler, 'native'));
    expect(specialization.fn.name).toBe('k');
    expect(seen).toEqual(['prepareJob', 'prepareJob']);
  });

  it('time the bitcode of the final IR and the freeing of the module as stages of a compile', () => {
    const compiler = createCompiler();
    const compiled = compileJob(compiler, job(compiler, 'native'), { kind: 'object' });
    expect(Object.keys(compiled.timings)).toEqual(
      expect.arrayContaining(['optimize', 'bitcode', 'emit', 'dispose']),
    );
    // A hit compiles nothing.
    const hit = compileJob(compiler, job(compiler, 'native'), { kind: 'object' });
    expect(hit.timings).not.toHaveProperty('bitcode');
    expect(hit.timings).not.toHaveProperty('dispose');
  });

  it('are declared once per set and frozen', () => {
    const compiler = createCompiler();
    const native = compiler.hooks.for('native');
    expect(Object.isFrozen(native)).toBe(true);
    expect(Object.isFrozen(compiler.hooks.all)).toBe(true);
    expect(compiler.hooks.for('native')).toBe(native);
    expect(Object.keys(native)).toEqual(Object.keys(compiler.hooks.all));
  });

  it('name the plugin and the hook of a tap that fails, the original error as the cause', () => {
    const compiler = createCompiler().use(
      tapping('breaks-late', 'finishIR', () => {
        throw new TypeError('no such thing');
      }),
    );
    let thrown: unknown;
    try {
      compileJob(compiler, job(compiler, 'native'), { kind: 'ir', memory: false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PluginError);
    expect(thrown).toMatchObject({ plugin: 'breaks-late', hook: 'finishIR' });
    expect((thrown as Error).message).toBe(
      "gpuc: plugin 'breaks-late' failed in hook 'finishIR': no such thing",
    );
    expect((thrown as Error).cause).toBeInstanceOf(TypeError);
  });

  it('keep a CompileError a tap raises for the kernel as it is, adding the plugin and the hook', () => {
    const text = 'function k(x) {\n  x[gpu.globalIdx.x] = 1;\n}';
    const start = text.indexOf('gpu.globalIdx.x');
    const compiler = createCompiler().use(
      tapping('refuses', 'prepareJob', (refused: Job) => {
        throw refused.source.error('unsupported-on-target', 'no thread index here', start, start + 15);
      }),
    );
    let thrown: unknown;
    try {
      compileJob(compiler, job(compiler, 'native', text), { kind: 'ir', memory: false });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CompileError);
    const error = thrown as CompileError;
    expect(error).toMatchObject({
      code: 'unsupported-on-target',
      location: { file: 'hooks.test.js', line: 2, column: 5 },
      plugin: 'refuses',
      hook: 'prepareJob',
    });
    expect(error.message).toMatch(/^hooks\.test\.js:2:5: no thread index here \[unsupported-on-target\]\n/);
    expect(error.frame).toContain('> 2 |   x[gpu.globalIdx.x] = 1;');
    expect(error.frame).toContain('^^^^^^^^^^^^^^^');
  });

  it('hand the entry on: the one finishLinkedModule returns reaches finishIR, and finishIR’s is the result’s', () => {
    const seen: string[] = [];
    const compiler = createCompiler().use(
      tapping('wraps-linked', 'finishLinkedModule', (entry: LLVMFunction, module: Module) =>
        wrapper(entry, module, 'linked_entry'),
      ),
      tapping('wraps-last', 'finishIR', (entry: LLVMFunction, module: Module) => {
        seen.push(entry.getName());
        return wrapper(entry, module, 'final_entry');
      }),
    );
    const text = 'function twice(x) { return 2 * x; }';
    const plain = createJob(
      sourceFromText(text, 'hooks.test.js'),
      [parseType('f64') as KernelType],
      compiler.target('native'),
      {
        config: { kernel: false, debugLevel: 0 },
      },
    );
    const result = compileJob(compiler, plain, { kind: 'ir', memory: false });
    expect(seen).toEqual(['linked_entry']);
    expect(result.entry).toBe('final_entry');
    expect(result.ir).toMatch(/define [^\n]*double @final_entry\(double/);
  });
});
