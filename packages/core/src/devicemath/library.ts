/**
 * The device math library: the `Math` functions written in the kernel language (the files in
 * `@gpuc/core/devicemath/`), for back-ends without vendor math. Its functions are device
 * functions like any other: a back-end puts {@link deviceMathMethods} in its overlays (or
 * applies {@link DeviceMathPlugin}), and `Math.exp(x)` then compiles the library's `gpuc_exp`
 * for the kernel, inlined and optimised with it.
 *
 * f64 arithmetic is never fused, so the same text evaluated as JavaScript on the host
 * ({@link hostDeviceMath}) gives the device's results bit for bit: that is how its accuracy is
 * measured. The f32 functions are the f64 ones rounded once more (`Math.fround`), which keeps
 * them within an ulp of the exact value; where the library has a lighter f64 function for f32
 * arguments (`gpuc_sin_f32`), that one, rounded the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { keepOutOfLine } from '../compiler/codegen/out-of-line.js';
import type { Compiler, CompilerPlugin } from '../compiler/compiler.js';
import { mathLibrary } from '../frontend/catalogue/index.js';
import { fileFunctions } from '../frontend/file-functions.js';
import { countParams } from '../frontend/index.js';
import { any, exactly, MethodTable, number, type Pattern } from '../frontend/methods.js';
import { sourceFromText } from '../frontend/source.js';
import { f32 } from '../frontend/types.js';
import { gpu } from '../reference/gpu.js';
import { packageRoot } from '../support/package-root.js';

/** The `Math` functions the library implements (those the catalogue marks), with their arities. */
export const DEVICE_MATH_FUNCTIONS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(mathLibrary().map(({ name, arity }) => [name, arity])),
);

/** The folder of the library's sources. */
export function deviceMathDirectory(): string {
  const root = packageRoot();
  if (!root) throw new Error('gpuc: cannot find the @gpuc/core package, and with it the device math library');
  return fileURLToPath(new URL('devicemath/', root.url));
}

function files(): string[] {
  const directory = deviceMathDirectory();
  return readdirSync(directory)
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => `${directory}${name}`);
}

/**
 * Slow paths that run only for rare arguments (trigonometry of |x| >= 2^20): calls, never
 * inlined, so each call site costs a call and not the path's code (compiler/codegen/out-of-line.ts).
 */
const OUT_OF_LINE = new Set(['gpuc_trig_reduce_large']);

let methods: MethodTable | undefined;

/**
 * The library as a method table: every `gpuc_*` function of its files, and `Math.<name>` for
 * f32 arguments (rounded to f32) and for any other numbers (f64).
 */
export function deviceMathMethods(): MethodTable {
  if (methods) return methods;
  const table = new MethodTable('device math');
  const defined = new Set<string>();
  for (const file of files()) {
    for (const { name, source } of fileFunctions(file)) {
      defined.add(name);
      if (OUT_OF_LINE.has(name)) keepOutOfLine(source);
      const signature = Array.from({ length: countParams(source) }, () => any);
      table.define(name, signature, { kind: 'source', source }, `@gpuc/core: ${name}`);
    }
  }
  for (const { name, arity, variadic } of mathLibrary()) {
    // A variadic function (Math.hypot) of three and four arguments folds through the pairwise one.
    for (const count of variadic ? [2, 3, 4] : [arity]) {
      const params = ['x', 'y', 'z', 'w'].slice(0, count);
      const call = params
        .map((p) => `Number(${p})`)
        .reduce((acc, p, i) => (i === 0 ? p : `gpuc_${name}(${acc}, ${p})`), '');
      const whole = count === 1 ? `gpuc_${name}(${call})` : call;
      const tag = count === arity ? '' : String(count);
      const define = (signature: Pattern[], body: string, suffix: string) =>
        table.define(
          `Math.${name}`,
          signature,
          {
            kind: 'source',
            source: sourceFromText(
              // Not named `exp` and so on: LLVM would take that for the C library's function.
              `function gpuc_math_${name}${tag}_${suffix}(${params.join(', ')}) { return ${body}; }`,
              `@gpuc/core/devicemath/Math.${name}${tag}.${suffix}.js`,
            ),
          },
          `@gpuc/core: Math.${name}(${suffix})`,
        );
      // The f64 function for f32 arguments, where the library has one (only unary ones do).
      const single = `gpuc_${name}_f32`;
      define(
        params.map(() => exactly(f32)),
        `Math.fround(${count === 1 && defined.has(single) ? `${single}(${call})` : whole})`,
        'f32',
      );
      define(
        params.map(() => number),
        whole,
        'f64',
      );
    }
  }
  methods = table;
  return table;
}

type Library = Readonly<Record<string, (...args: number[]) => number>>;
let host: Library | undefined;

/**
 * The library evaluated as JavaScript on the host, by function name (`gpuc_exp`...): the same
 * results the device computes, for measuring them.
 */
export function hostDeviceMath(): Library {
  if (host) return host;
  const texts = files().map((file) => readFileSync(file, 'utf8'));
  const names = [...texts.join('\n').matchAll(/^function (gpuc_\w+)/gm)].map((m) => m[1]);
  host = Object.freeze(
    new Function('gpu', `${texts.join('\n')}\nreturn { ${names.join(', ')} };`)(gpu),
  ) as Library;
  return host;
}

/** Puts the device math library in the overlays of jobs for the named back-ends. */
export class DeviceMathPlugin implements CompilerPlugin {
  readonly name = 'device-math';

  constructor(readonly backends: readonly string[]) {}

  apply(compiler: Compiler): void {
    // Defined now, not at the first job: a job sees only methods older than its world.
    const table = deviceMathMethods();
    for (const backend of this.backends)
      compiler.hooks.for(backend).methodTables.tap('device-math', (tables) => [...tables, table]);
  }
}
