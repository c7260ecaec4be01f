import { describe, expect, it } from 'vitest';
import {
  Active,
  Const,
  Duplicated,
  DuplicatedNoNeed,
  Forward,
  isAnnotated,
  isMode,
  Reverse,
} from '../src/index.js';

describe('activity annotations', () => {
  it('builds frozen annotations carrying their values', () => {
    const x = new Float32Array([1, 2, 3]);
    const dx = new Float32Array(3);
    const dup = Duplicated(x, dx);
    expect(dup).toEqual({ activity: 'duplicated', value: x, shadow: dx });
    expect(Object.isFrozen(dup)).toBe(true);
    expect(Active(2.5)).toEqual({ activity: 'active', value: 2.5 });
    expect(Const('anything').activity).toBe('const');
    expect(DuplicatedNoNeed(1.5, 1).activity).toBe('duplicated_no_need');
    expect(isAnnotated(dup)).toBe(true);
    expect(isAnnotated({ activity: 'other' })).toBe(false);
    expect(isAnnotated(null)).toBe(false);
    expect(isMode(Reverse) && isMode(Forward)).toBe(true);
    expect(isMode({ mode: 'reverse' })).toBe(false);
  });

  it('rejects shadows that cannot hold the derivative', () => {
    const x = new Float32Array(4);
    expect(() => Duplicated(x, new Float64Array(4) as never)).toThrow(/same type/);
    expect(() => Duplicated(x, new Float32Array(3))).toThrow(/3 elements, the value 4/);
    expect(() => Duplicated(x, x.subarray(0))).toThrow(/share memory/);
    expect(() => Duplicated(1, x as never)).toThrow(/tangent/);
    expect(() => Active(x as never)).toThrow(/takes a number/);
  });
});
