/**
 * `Math` and `Number` functions in WGSL, each with JavaScript's result on f32 (and integers):
 * WGSL's builtins where they are exact, helpers where WGSL's differ (NaN and signed zeros in
 * max and min, halves in round, sqrt's, cbrt's and hypot's rounding). The rest is refused: WGSL's
 * transcendental builtins are not correctly rounded (WGSL allows ulps, or an absolute error, per
 * function).
 */
import type { IRInstruction, Span } from '@gpuc/core/compiler';
import type { WriterContext } from './context.js';
import { need } from './helpers.js';

/** Math functions WGSL computes exactly as JavaScript does on f32 (and `abs` on integers). */
const EXACT: Readonly<Record<string, string>> = {
  'Math.abs': 'abs',
  'Math.floor': 'floor',
  'Math.ceil': 'ceil',
  'Math.trunc': 'trunc',
};

/** Functions whose result for an integer is the integer itself (WGSL has them for floats only). */
const INTEGER_IDENTITY = new Set(['Math.floor', 'Math.ceil', 'Math.trunc', 'Math.round']);

/** A `Math` or `Number` call's WGSL expression; undefined for a function of neither. */
export function mathCall(c: WriterContext, inst: IRInstruction & { op: 'call' }): string | undefined {
  const name = inst.name;
  if (!name.startsWith('Math.') && !name.startsWith('Number.')) return undefined;
  const helpers = c.parts.helpers;
  const args = () => inst.args.map((x) => c.value(x));
  const first = () => args()[0] as string;
  const type = inst.type?.kind === 'scalar' ? inst.type.name : undefined;
  if (type !== 'f32' && INTEGER_IDENTITY.has(name)) return first();
  const exact = EXACT[name];
  if (exact) return `${exact}(${first()})`;
  switch (name) {
    case 'Math.max':
    case 'Math.min': {
      const fn = type === 'f32' ? `gpuc_${name.slice(5)}` : name.slice(5);
      if (type === 'f32') need(helpers, fn);
      // Values of mixed types (an i32 beside an f32, a literal beside a u32) are converted to the
      // result's type first.
      const word = c.scalar(inst.type, inst.span);
      const values = inst.args.map((x) => c.coerce(x, word, inst.span));
      return values.reduce((acc, x) => `${fn}(${acc}, ${x})`);
    }
    case 'Math.sign': {
      const x = first();
      // WGSL has no sign of a u32.
      if (type === 'u32') return `select(0u, 1u, ${x} != 0u)`;
      if (type !== 'f32') return `sign(${x})`;
      // JavaScript's sign of -0 is -0, of NaN NaN: the argument itself.
      need(helpers, 'gpuc_nan');
      return `select(sign(${x}), ${x}, ${x} == 0.0 || gpuc_nan(${x}))`;
    }
    case 'Math.sqrt':
      if (type !== 'f32') return c.refuse(inst.span, `Math.sqrt of ${type}`);
      need(helpers, 'gpuc_sqrt');
      return `gpuc_sqrt(${c.coerce(inst.args[0] as IRInstruction, 'f32', inst.span)})`;
    case 'Math.cbrt':
      if (type !== 'f32') return c.refuse(inst.span, `Math.cbrt of ${type}`);
      need(helpers, 'gpuc_cbrt');
      return `gpuc_cbrt(${c.coerce(inst.args[0] as IRInstruction, 'f32', inst.span)})`;
    case 'Math.hypot': {
      // Folded pairwise, as the other back-ends do; the magnitude of one value.
      if (type !== 'f32') return c.refuse(inst.span, `Math.hypot of ${type}`);
      const values = inst.args.map((x) => c.coerce(x, 'f32', inst.span));
      if (values.length === 1) return `abs(${values[0]})`;
      need(helpers, 'gpuc_hypot');
      return values.reduce((acc, x) => `gpuc_hypot(${acc}, ${x})`);
    }
    case 'Number.isNaN':
    case 'Number.isFinite':
    case 'Number.isInteger':
      return numberTest(c, name, inst.args[0] as IRInstruction, inst.span);
    case 'Math.round':
      need(helpers, 'gpuc_round');
      return `gpuc_round(${first()})`;
    case 'Math.imul':
      return `(${c.coerce(inst.args[0] as IRInstruction, 'i32', inst.span)} * ${c.coerce(inst.args[1] as IRInstruction, 'i32', inst.span)})`;
    case 'Math.clz32':
      return `i32(countLeadingZeros(${c.coerce(inst.args[0] as IRInstruction, 'u32', inst.span)}))`;
    default:
      return c.refuse(
        inst.span,
        `${name} (WGSL's own is not correctly rounded, and gpuc has no exact version for WebGPU yet)`,
      );
  }
}

/** `Number.isNaN`, `isFinite`, `isInteger` of a value: of an integer, known. */
function numberTest(c: WriterContext, name: string, arg: IRInstruction, span: Span): string {
  const type = c.scalar(arg.type, span);
  if (type !== 'f32') return name === 'Number.isNaN' ? 'false' : 'true';
  const x = c.value(arg);
  if (name === 'Number.isNaN') {
    need(c.parts.helpers, 'gpuc_nan');
    return `gpuc_nan(${x})`;
  }
  need(c.parts.helpers, 'gpuc_finite');
  return name === 'Number.isFinite' ? `gpuc_finite(${x})` : `(gpuc_finite(${x}) && trunc(${x}) == ${x})`;
}
