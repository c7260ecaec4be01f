/**
 * Custom derivative rules. A rule gives the partial derivatives of a device function, as a
 * device function of the same arguments: a number for a function of one argument, a tuple
 * (`[∂f/∂x, ∂f/∂y]`) otherwise. Wherever a differentiated function reaches the function, the
 * rule is used instead of differentiating its body. Rules live in a method table, so that
 * defining or changing one recompiles the kernels whose derivatives reach the function.
 */
import {
  currentWorld,
  type FunctionInput,
  type KernelSource,
  MethodTable,
  type Pattern,
  type RuleContext,
  type Specialization,
  toSource,
} from '@gpuc/core/compiler';

/** The table of derivative rules (part of every job's stack once the plugin is applied). */
export const ruleMethods = new MethodTable('enzyme-ad rules');

const names = new Map<KernelSource, string>();
/** Rules as JavaScript functions, for kernels the reference runner runs. */
const functions = new Map<string, (...args: never[]) => unknown>();

/** The JavaScript function of a rule, by its method name. */
export function ruleFunction(name: string): ((...args: never[]) => unknown) | undefined {
  return functions.get(name);
}

/** The method name of the rule for a function's source. */
export function ruleName(source: KernelSource): string {
  let name = names.get(source);
  if (name === undefined) {
    name = `derivative#${names.size + 1}`;
    names.set(source, name);
  }
  return name;
}

/**
 * The method name under which the rule registry keeps the function itself: derivatives call
 * a function with a rule by it, so that the reference runner finds it as the compiler does.
 */
export function primalName(rule: string): string {
  return rule.replace('derivative#', 'function#');
}

/**
 * Registers the partial derivatives of a device function, used wherever a derivative reaches
 * the function.
 *
 * @example
 * ```ts
 * const softplus = (x: number) => Math.log(1 + Math.exp(x));
 * defineDerivative(softplus, (x: number) => 1 / (1 + Math.exp(-x)));
 * const clamp = (x: number, hi: number) => Math.min(x, hi);
 * defineDerivative(clamp, (x: number, hi: number) => (x < hi ? [1, 0] : [0, 1]));
 * ```
 */
export function defineDerivative(fn: FunctionInput, partials: FunctionInput): void {
  const source = toSource(fn);
  const rule = toSource(partials);
  const name = ruleName(source);
  const callable = (input: FunctionInput, text: string) =>
    typeof input === 'function'
      ? input
      : (new Function(`return (${text});`)() as (...args: never[]) => unknown);
  functions.set(name, callable(partials, rule.text));
  functions.set(primalName(name), callable(fn, source.text));
  if (!ruleMethods.has(primalName(name), currentWorld()))
    ruleMethods.define(
      primalName(name),
      'variadic',
      { kind: 'source', source, ...(typeof fn === 'function' ? { fn } : {}) },
      `${source.file}: function with a derivative rule`,
    );
  const arity = typeof partials === 'function' ? partials.length : undefined;
  const signature: Pattern[] = Array.from({ length: arity ?? 0 }, () => ({ kind: 'any' }));
  ruleMethods.define(
    ruleName(source),
    arity === undefined ? 'variadic' : signature,
    { kind: 'source', source: rule, ...(typeof partials === 'function' ? { fn: partials } : {}) },
    `${rule.file}: derivative rule`,
  );
}

/**
 * The functions reached from `spec` that have rules, each with its rule's name. The lookups
 * are recorded by inference, so that defining a rule later recompiles the caller.
 */
export function rulesReached(
  spec: Specialization,
  context: Pick<RuleContext, 'lookup'>,
): Map<KernelSource, string> {
  const found = new Map<KernelSource, string>();
  const seen = new Set<Specialization>();
  const visit = (s: Specialization) => {
    for (const callee of s.callees) {
      if (seen.has(callee)) continue;
      seen.add(callee);
      const name = ruleName(callee.fn.source);
      if (context.lookup(name, callee.argTypes)) found.set(callee.fn.source, name);
      else visit(callee);
    }
  };
  visit(spec);
  return found;
}
