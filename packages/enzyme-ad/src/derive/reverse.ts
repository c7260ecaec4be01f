import type { IRFunction } from '@gpuc/core';
import type { DerivativeInput } from './input.js';

export function reverseMode(_input: DerivativeInput): IRFunction {
  throw new Error('reverse mode: not yet');
}
