/**
 * The three texts of generated code. Every expression and line is written three ways at once:
 * as JavaScript source (`js`), with gpuc's documented semantics emulated (`em`, each operation a
 * call into the emulation), and emulated with f32 products and sums fused (`fu`). A line keeps
 * its three forms joined by NUL characters until {@link texts} indents them into three bodies.
 */
import type { Ty } from '../types.js';

/** An expression written three ways, with its gpuc type. */
export interface Expr {
  readonly t: Ty;
  readonly js: string;
  readonly em: string;
  readonly fu: string;
  /** A literal (its type is the one it takes; `free` when that is its default). */
  readonly lit?: boolean;
  /** Folded from literals by gpuc (`-1`, `(2 >>> 1)`, `Math.abs(0.5)`): a literal too. */
  readonly folded?: boolean;
  /** A float literal: written with a point or an exponent, or folded from one (docs/language.md "Literals"). */
  readonly float?: boolean;
  /** An f32 product, with its operands' fused texts: a sum over it may contract. */
  readonly mul?: readonly [string, string];
}

export const same = (js: string, t: Ty, extra: Partial<Expr> = {}): Expr => ({
  t,
  js,
  em: js,
  fu: js,
  ...extra,
});

/** gpuc folds an operator or Math function on literals alone into a literal. */
export const foldedIf = (parts: readonly Expr[]): Partial<Expr> =>
  parts.every((p) => p.lit)
    ? { lit: true, folded: true, ...(parts.some((p) => p.float) ? { float: true } : {}) }
    : {};

/** Three texts of an expression built from children's three texts. */
export function build(
  t: Ty,
  parts: readonly Expr[],
  write: (texts: string[]) => string,
  extra: Partial<Expr> = {},
) {
  return {
    t,
    js: write(parts.map((p) => p.js)),
    em: write(parts.map((p) => p.em)),
    fu: write(parts.map((p) => p.fu)),
    ...extra,
  };
}

/** A line of text that is the same in all three forms. */
export function plain(text: string): string {
  return `${text}\u0000${text}\u0000${text}`;
}

/** A line made of fixed text and expressions, in the three forms. */
/** An integer crossing a function's boundary, which keeps no -0 (docs/language.md). */
export function signless(e: Expr): Expr {
  if (e.t !== 'i32' && e.t !== 'u32') return e;
  return { ...e, em: `$.z(${e.em})`, fu: `$.z(${e.fu})` };
}

export function line(...parts: (string | Expr)[]): string {
  const e = joined(parts);
  return `${e.js}\u0000${e.em}\u0000${e.fu}`;
}

/** Two lines (their three forms each) written as one: `if (c) ` and a statement. */
export function joinLines(first: string, second: string): string {
  const [a, b] = [first.split('\u0000'), second.split('\u0000')];
  return [0, 1, 2].map((k) => `${a[k]}${b[k]}`).join('\u0000');
}

/** Fixed text and expressions joined into one expression of type `t` (`bool` where none is meant). */
export function joined(parts: readonly (string | Expr)[], t: Ty = 'bool'): Expr {
  const pick = (key: 'js' | 'em' | 'fu') => parts.map((p) => (typeof p === 'string' ? p : p[key])).join('');
  return { t, js: pick('js'), em: pick('em'), fu: pick('fu') };
}

/** The literal of a record of `values` (`{ a: x, b: y }`, with `fields`) or of a tuple (`[x, y]`). */
export function aggregateLiteral(values: readonly Expr[], fields?: readonly string[]): (string | Expr)[] {
  const out: (string | Expr)[] = [fields ? '{ ' : '['];
  values.forEach((v, k) => {
    if (k > 0) out.push(', ');
    out.push(fields ? `${fields[k]}: ` : '', v);
  });
  out.push(fields ? ' }' : ']');
  return out;
}

/** The three texts of a list of lines, indented. */
export function texts(lines: readonly string[]): [string, string, string] {
  const forms: [string[], string[], string[]] = [[], [], []];
  let indent = 1;
  for (const l of lines) {
    const [js = '', em = '', fu = ''] = l.split('\u0000');
    if (js.startsWith('}')) indent--;
    const pad = '  '.repeat(Math.max(indent, 0));
    forms[0].push(pad + js);
    forms[1].push(pad + em);
    forms[2].push(pad + fu);
    if (js.endsWith('{')) indent++;
  }
  return [forms[0].join('\n'), forms[1].join('\n'), forms[2].join('\n')];
}

/**
 * A device function that returns `body`: a declaration, or an arrow function of that expression
 * (the oracle makes either a generator where it has collectives).
 */
export function functionText(name: string, params: readonly string[], body: string, arrow: boolean): string {
  const list = params.join(', ');
  return arrow
    ? `const ${name} = (${list}) => ${body};`
    : `function ${name}(${list}) {\n  return ${body};\n}`;
}
