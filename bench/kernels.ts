// Kernels the benchmarks compile.

/** saxpy: the smallest kernel worth compiling, the compile benchmarks' first row. */
export const SAXPY = `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`;

/** The kernels whose compile the CUDA pipeline benchmarks time: name, text, argument types. */
export const TIMED_KERNELS: readonly (readonly [string, string, readonly string[]])[] = [
  ['saxpy', SAXPY, ['f32', 'f32[]', 'f32[]', 'i32']],
  ['200-line', largeKernel(), ['f32[]', 'f32[]', 'i32', 'f32']],
];

/** A kernel of about `size` lines (200 by default): blocks of loops, branches, math and local arrays over distinct variables. */
export function largeKernel(size = 200): string {
  const lines = ['function large(x, y, n, scale) {', '  const i = gpu.globalIdx.x;', '  let acc = 0.0;'];
  for (let b = 0; lines.length < size - 4; b++) {
    lines.push(
      `  const t${b} = new Float32Array(8);`,
      `  for (let k${b} = 0; k${b} < 8; k${b}++) {`,
      `    const v${b} = x[(i + k${b} * ${b + 1}) % n] * scale;`,
      `    if (v${b} > ${b}.5) {`,
      `      t${b}[k${b}] = Math.sqrt(v${b}) + Math.sin(v${b} * 0.25);`,
      '    } else {',
      `      t${b}[k${b}] = v${b} * v${b} - ${b};`,
      '    }',
      `    acc += t${b}[k${b}];`,
      '  }',
      `  let w${b} = 0;`,
      `  while (w${b} < 4 && acc > ${b * 10}) {`,
      `    acc = acc * 0.5 + (w${b} & 1);`,
      `    w${b}++;`,
      '  }',
      `  y[(i + ${b}) % n] = acc + t${b}[${b % 8}];`,
    );
  }
  lines.push('  y[i] = acc;', '  return;', '}');
  return lines.join('\n');
}

/**
 * A kernel of about `size` lines in one basic block: loads and arithmetic with no store between
 * them (the shape that made the CUDA plugin's load scheduling quadratic).
 */
export function straightKernel(size = 200): string {
  const lines = ['function straight(x, y, n, scale) {', '  const i = gpu.globalIdx.x;', '  let acc = 0.0;'];
  for (let k = 0; lines.length < size - 2; k++)
    lines.push(`  acc += Math.sqrt(x[(i + ${k}) % n]) * scale / (x[(i + ${k * 7}) % n] + ${k});`);
  lines.push('  y[i] = acc;', '}');
  return lines.join('\n');
}
