/**
 * The kernel-language side of AD: `autodiff`, the modes and the activity annotations as
 * methods kernels call, and the type rule of `autodiff`, which infers the differentiated
 * function for the annotated arguments' types and remembers what it found for code generation.
 *
 * In kernels the annotations are records (`Active(x)` is `{ active: x }`), so they pass
 * through device functions like any value; `autodiff` reads which annotation each argument is
 * from its record type.
 */

import {
  any,
  isFloat,
  type KernelSource,
  MethodTable,
  number,
  type RuleContext,
  type Specialization,
  sourceFromText,
  tupleType,
  voidType,
} from '@gpuc/core/compiler';
import { type KernelType, show } from '@gpuc/core/host';
import type { Activity } from '../derive/activity.js';
import { rulesReached } from './rules.js';

/** The AD methods: part of every job's stack once the plugin is applied. */
export const adMethods = new MethodTable('enzyme-ad');

/** The annotations as records: the field naming the annotation holds the value. */
const ANNOTATIONS = {
  Active: { field: 'active', params: ['value'] },
  Duplicated: { field: 'duplicated', params: ['value', 'shadow'] },
  DuplicatedNoNeed: { field: 'duplicatedNoNeed', params: ['value', 'shadow'] },
  Const: { field: 'constant', params: ['value'] },
} as const;
export type AnnotationName = keyof typeof ANNOTATIONS;

for (const [name, { field, params }] of Object.entries(ANNOTATIONS)) {
  const shadow = params.length > 1 ? ', shadow: shadow' : '';
  const text = `function ${name}(${params.join(', ')}) { return { ${field}: value${shadow} }; }`;
  adMethods.define(
    name,
    params.map((_, i) => (name === 'Active' && i === 0 ? number : any)),
    { kind: 'source', source: sourceFromText(text, `@gpuc/enzyme-ad/${name}.js`) },
    `@gpuc/enzyme-ad: ${name}`,
  );
}

/** The modes, by the name kernels use. */
export const MODES = { Forward: 'forward', Reverse: 'reverse' } as const;
export type Mode = (typeof MODES)[keyof typeof MODES];

for (const name of Object.keys(MODES)) {
  adMethods.define(
    name,
    'variadic',
    { kind: 'intrinsic', result: () => `${name} is a mode: pass it to autodiff` },
    `@gpuc/enzyme-ad: ${name}`,
  );
}

/** What the type rule learned about an `autodiff` call, for its code generation. */
export interface Site {
  readonly mode: Mode;
  readonly primal: Specialization;
  /** The differentiated function's name, for the derivative's. */
  readonly name: string;
  /** The function as messages name it: by its name, or where it is written where it has none. */
  readonly title: string;
  /** Each argument's annotation, and how it takes part. */
  readonly annotations: readonly AnnotationName[];
  readonly activities: readonly Activity[];
  readonly resultType: KernelType;
  /** Functions reached that have derivative rules, with the rules' names. */
  readonly rules: ReadonlyMap<KernelSource, string>;
}

const sites = new WeakMap<object, Site>();

/** The site of an `autodiff` call instruction, once inference typed it. */
export function siteOf(call: object): Site | undefined {
  return sites.get(call);
}

/**
 * An unnamed function (an arrow passed to autodiff inline) by the file and line it starts at,
 * where its file is known.
 */
function placeOf(source: KernelSource): string {
  const { file, line } = source.locate(0);
  return file.startsWith('<') ? 'an anonymous function' : `the function at ${file}:${line}`;
}

function annotationOf(type: KernelType): AnnotationName | undefined {
  if (type.kind !== 'record') return undefined;
  const field = type.fields[0]?.[0];
  return (Object.keys(ANNOTATIONS) as AnnotationName[]).find((name) => ANNOTATIONS[name].field === field);
}

/**
 * The site of `autodiff(mode, f, annotated...)` for its argument types, or why there is none:
 * reverse mode gives a tuple of the derivatives of the Active arguments (nothing when there
 * are none), forward mode the tangent of f's result (nothing when f returns no number).
 */
export function siteFor(
  args: readonly KernelType[],
  context: Pick<RuleContext, 'specialize' | 'lookup'>,
): Site | string {
  const [mode, fn, ...annotated] = args;
  const modeName = mode?.kind === 'function' ? (mode.name as keyof typeof MODES) : undefined;
  if (!modeName || !(modeName in MODES))
    return 'the first argument is the mode: autodiff(Reverse, f, ...) or autodiff(Forward, f, ...)';
  if (fn?.kind !== 'function') return 'the second argument is the device function to differentiate';
  const annotations: AnnotationName[] = [];
  const primalTypes: KernelType[] = [];
  for (const [i, type] of annotated.entries()) {
    const annotation = annotationOf(type);
    if (!annotation)
      return `argument ${i + 3} must be annotated: Active(x), Duplicated(x, dx), DuplicatedNoNeed(x, dx) or Const(x), not ${show(type)}`;
    if (type.kind !== 'record') return 'unreachable';
    const value = type.fields[0]?.[1] as KernelType;
    const shadow = type.fields[1]?.[1];
    if (annotation === 'Active' && !isFloat(value))
      return `Active takes a float (f32 or f64), not ${show(value)}: argument ${i + 3}`;
    if (annotation === 'Active' && MODES[modeName] === 'forward')
      return `forward mode takes tangents: Duplicated(x, dx), not Active (argument ${i + 3})`;
    const matching =
      shadow === value ||
      (shadow?.kind === 'array' &&
        value.kind === 'array' &&
        shadow.element === value.element &&
        shadow.rank === value.rank);
    if (shadow && !matching)
      return `the shadow of argument ${i + 3} is a ${show(shadow)}, its value a ${show(value)}: they must match`;
    if (shadow && value.kind !== 'array' && !isFloat(value))
      return `${annotation} takes a float or a float array, not ${show(value)}: argument ${i + 3}`;
    if (shadow && value.kind === 'array' && !isFloat(value.element))
      return `${annotation} takes a float array, not ${show(value)}: argument ${i + 3}`;
    if (shadow && value.kind !== 'array' && MODES[modeName] === 'reverse')
      return `reverse mode differentiates numbers with Active(x); Duplicated is for arrays (argument ${i + 3})`;
    annotations.push(annotation);
    primalTypes.push(value);
  }
  const primal = context.specialize(fn, primalTypes);
  const activities: Activity[] = annotations.map((a) =>
    a === 'Active' ? 'active' : a === 'Const' ? 'const' : 'duplicated',
  );
  const actives = primalTypes.filter((_, i) => annotations[i] === 'Active');
  const resultType =
    MODES[modeName] === 'reverse'
      ? actives.length > 0
        ? tupleType(actives)
        : voidType
      : isFloat(primal.returnType)
        ? primal.returnType
        : voidType;
  const name = primal.fn.name === 'anonymous' ? fn.name : primal.fn.name;
  return {
    mode: MODES[modeName],
    primal,
    name,
    title: name === 'anonymous' ? placeOf(primal.fn.source) : name,
    annotations,
    activities,
    resultType,
    rules: rulesReached(primal, context),
  };
}

adMethods.define(
  'autodiff',
  'variadic',
  {
    kind: 'intrinsic',
    result: (args, context) => {
      const site = siteFor(args, context);
      if (typeof site === 'string') return site;
      sites.set(context.call, site);
      return site.resultType;
    },
  },
  '@gpuc/enzyme-ad: autodiff',
);

/** The fields of each annotation record that become arguments of the derivative. */
export function annotationArity(annotation: AnnotationName): number {
  return ANNOTATIONS[annotation].params.length;
}
