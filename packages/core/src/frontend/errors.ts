/**
 * Compile errors: every construct the compiler rejects becomes a CompileError with a stable code,
 * a message, the kernel's file, line and column, and a code frame pointing at the construct.
 */

/** The stable error codes, documented in docs/language.md. */
export const ErrorCode = {
  /** The source is not valid JavaScript or TypeScript. */
  syntax: 'syntax',
  /** A JavaScript construct the kernel language does not support. */
  unsupported: 'unsupported',
  /** A name that is neither local, in the scope object, a device function, nor an intrinsic. */
  unknownName: 'unknown-name',
  /** Assignment to a `const`, a parameter used as an array, and other misuses of a binding. */
  invalidAssignment: 'invalid-assignment',
  /** Operand types that an operator does not accept. */
  typeMismatch: 'type-mismatch',
  /** A value whose type differs along two paths and has no common type. */
  unstableType: 'unstable-type',
  /** A call with no method for its argument types. */
  noMethod: 'no-method',
  /** A call with two equally specific methods. */
  ambiguousMethod: 'ambiguous-method',
  /** A call with the wrong number of arguments. */
  arity: 'arity',
  /** A device function that calls itself, directly or not. */
  recursion: 'recursion',
  /** A member that does not exist on a record, tuple, array or namespace. */
  unknownMember: 'unknown-member',
  /** An index that is not an integer, or a constant index out of a fixed size. */
  badIndex: 'bad-index',
  /** A size that must be a compile-time constant and is not. */
  notConstant: 'not-constant',
  /** A kernel argument whose JavaScript value has no kernel-language type. */
  badArgument: 'bad-argument',
  /** A launch configuration a back-end cannot run: grid, block, shared memory or worker count. */
  badLaunch: 'bad-launch',
  /** `break` or `continue` outside a loop, or to a label that does not exist. */
  badJump: 'bad-jump',
  /** A function that returns a value on some paths and none on others. */
  missingReturn: 'missing-return',
  /** A constant the compiler would build element by element past its compile-time limit. */
  tooLarge: 'too-large',
  /** A write (store, atomic, view `.set`) to an array captured from the scope, which is constant. */
  readOnly: 'read-only',
  /** An intrinsic the target cannot do. */
  unsupportedOnTarget: 'unsupported-on-target',
  /** Code automatic differentiation cannot differentiate (a derivative lost through an integer...). */
  notDifferentiable: 'not-differentiable',
  /** A target param or compile option that is unknown or has a value its target does not take. */
  badOption: 'bad-option',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Where a construct is in the source. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

/** An error in a kernel, located at its source. */
export class CompileError extends Error {
  override name = 'CompileError';

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly location: SourceLocation,
    readonly frame: string,
  ) {
    super(`${location.file}:${location.line}:${location.column}: ${detail} [${code}]\n${frame}`);
  }
}
