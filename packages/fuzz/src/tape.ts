/**
 * A choice tape: the generator reads every decision from a list of integers that fast-check
 * generates and shrinks. Shrinking the list (shorter, smaller numbers) shrinks the kernel, since
 * choice 0 is always the simplest option and a spent tape reads as 0.
 */
export class Tape {
  private position = 0;

  constructor(private readonly choices: readonly number[]) {}

  /** A choice in [0, n). */
  next(n: number): number {
    if (n <= 1) return 0;
    const value = this.position < this.choices.length ? (this.choices[this.position] as number) : 0;
    this.position++;
    return value % n;
  }

  /** True with probability about `percent`% (false on a spent tape: the simpler kernel). */
  chance(percent: number): boolean {
    return this.next(100) >= 100 - percent;
  }

  pick<T>(options: readonly T[]): T {
    return options[this.next(options.length)] as T;
  }

  /** One of weighted options; the first is the simplest. */
  weighted<T>(options: readonly (readonly [number, T])[]): T {
    const total = options.reduce((sum, [w]) => sum + w, 0);
    let r = this.next(total);
    for (const [w, value] of options) {
      if (r < w) return value;
      r -= w;
    }
    return (options[0] as readonly [number, T])[1];
  }
}
