/**
 * What one run of a case on one back-end gave, and how a run's exceptions are classified: a coded
 * `CompileError` is a refusal, anything else thrown compiling an internal error.
 */
import { CompileError } from '@gpuc/core/compiler';
import type { Encoded } from './case.js';

/** What one run of a case gave. */
export type Run =
  | { readonly status: 'ok'; readonly arrays: Encoded[][]; readonly ms: number }
  /** The kernel threw while running (JavaScript's exception, or a device exception). */
  | { readonly status: 'threw'; readonly message: string; readonly ms: number }
  /** A coded CompileError: gpuc refuses the kernel. */
  | { readonly status: 'refused'; readonly code: string; readonly message: string; readonly ms: number }
  /** Anything else: an internal error (or ptxas rejecting gpuc's PTX). */
  | { readonly status: 'internal'; readonly message: string; readonly ms: number }
  /** Compiled and checked, not run (PTX through ptxas). */
  | { readonly status: 'compiled'; readonly ms: number }
  | { readonly status: 'skipped'; readonly message: string; readonly ms: 0 };

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Times `body` and classifies what it throws. */
export function attempt(body: () => Encoded[][] | 'compiled', thrown: (error: unknown) => Run): Run {
  const start = performance.now();
  try {
    const result = body();
    const ms = performance.now() - start;
    return result === 'compiled' ? { status: 'compiled', ms } : { status: 'ok', arrays: result, ms };
  } catch (error) {
    const run = thrown(error);
    return { ...run, ms: performance.now() - start } as Run;
  }
}

/** A compile error is a refusal when it carries a code; anything else thrown compiling is internal. */
export function compileFailure(error: unknown): Run {
  if (error instanceof CompileError)
    return { status: 'refused', code: error.code, message: error.message.split('\n')[0] ?? '', ms: 0 };
  return { status: 'internal', message: message(error), ms: 0 };
}
