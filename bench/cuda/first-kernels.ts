// A first kernel from a precompiled bundle in fresh processes, against the same steps in C:
// first-kernel.mjs in an install without the compiler beside first-kernel.c, for a PTX and a
// cubin bundle, with Node alone as the floor's first term. Each process is timed from outside
// (spawn to exit) and reports its phases (ms since it began: Node's time origin, C's main) from
// inside, with when it began (ms since the epoch), which places them on the parent's clock: when
// the program's own code starts (the script's first line, C's main), and how long the process
// takes to end after its result. The kinds take turns, round after round, and the rows are medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../table.js';

/** One kind of process: its median wall time and the medians of the phases it printed. */
export interface FirstKernelRow {
  what: string;
  wall: number;
  phases: Record<string, number>;
  /** Medians, from the parent's clock: spawn to the program's first line (Node's script, C's main). */
  firstLine?: number;
  /** The program's first line to its exit. */
  fromFirstLine?: number;
  /** Its result (its last phase) to its exit. */
  exit?: number;
}

/**
 * Where a process's phases fall on the parent's clock (ms since the epoch, as `performance`
 * gives it): `origin` is when its phases begin (Node's time origin, C's main); its first line is
 * the `main` phase where it has one (Node's), else the origin; its result is its last phase.
 */
function lifeOf(phases: Record<string, number>, spawned: number, ended: number) {
  const { origin, ...rest } = phases;
  if (origin === undefined) return { phases: rest };
  const firstLine = origin + (rest.main ?? 0);
  const result = origin + Math.max(0, ...Object.values(rest));
  return {
    phases: rest,
    firstLine: firstLine - spawned,
    fromFirstLine: ended - firstLine,
    exit: ended - result,
  };
}

/**
 * Times the processes in `rounds` interleaved rounds, the first not counted (it fills the
 * driver's JIT cache for PTX). `app` holds first-kernel.mjs, saxpy.json (PTX) and
 * saxpy-cubin.json; `cProgram` is first-kernel.c built against libcuda.
 */
export function timeFirstKernels(app: string, cProgram: string, rounds = 8): FirstKernelRow[] {
  // A lent machine's environment may set NODE_EXTRA_CA_CERTS, which makes every Node start
  // parse a CA bundle (50 to 70 ms on the development machine); a user's seldom does and the C
  // program never pays it: the processes run without it, and a row shows what it costs.
  const { NODE_EXTRA_CA_CERTS: extraCerts, ...plainEnv } = process.env;
  const images = mkdtempSync(join(tmpdir(), 'gpuc-first-images-'));
  // Node alone prints its first line's time too (one line, as the others), for Node's own exit.
  const nodeLine = 'console.log(JSON.stringify({ main: performance.now(), origin: performance.timeOrigin }))';
  const kinds: { what: string; command: string; args: string[]; env: NodeJS.ProcessEnv }[] = [
    { what: 'Node alone (node -e)', command: process.execPath, args: ['-e', nodeLine], env: plainEnv },
  ];
  if (extraCerts)
    kinds.push({
      ...(kinds[0] as (typeof kinds)[0]),
      what: 'Node alone, NODE_EXTRA_CA_CERTS set',
      env: process.env,
    });
  for (const [label, file] of [
    ['PTX', 'saxpy.json'],
    ['cubin', 'saxpy-cubin.json'],
  ] as const) {
    const bundle = JSON.parse(readFileSync(join(app, file), 'utf8'));
    const image = join(images, `${label}.image`);
    writeFileSync(image, Buffer.from(bundle.code, bundle.encoding));
    kinds.push({
      what: `gpuc, ${label} bundle`,
      command: process.execPath,
      args: ['first-kernel.mjs', file],
      env: plainEnv,
    });
    kinds.push({
      what: `C driver API, ${label}`,
      command: cProgram,
      args: [image, bundle.entry],
      env: plainEnv,
    });
  }
  const walls = new Map<string, number[]>();
  const phases = new Map<string, Record<string, number[]>>();
  const lives = new Map<string, Record<'firstLine' | 'fromFirstLine' | 'exit', number[]>>();
  const failed = new Set<string>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const { what, command, args, env } of kinds) {
        if (failed.has(what)) continue;
        const start = performance.now();
        const child = spawnSync(command, args, { cwd: app, encoding: 'utf8', env });
        const end = performance.now();
        const wall = end - start;
        if (child.status !== 0) {
          console.error(`${what}: ${child.stderr.trim()}`);
          failed.add(what);
          continue;
        }
        if (round === 0) continue;
        walls.set(what, [...(walls.get(what) ?? []), wall]);
        const line = child.stdout.trim().split('\n').pop() || '{}';
        const { phases: printed, ...life } = lifeOf(
          JSON.parse(line) as Record<string, number>,
          performance.timeOrigin + start,
          performance.timeOrigin + end,
        );
        const seen = phases.get(what) ?? {};
        for (const [phase, ms] of Object.entries(printed)) seen[phase] = [...(seen[phase] ?? []), ms];
        phases.set(what, seen);
        const placed = lives.get(what) ?? { firstLine: [], fromFirstLine: [], exit: [] };
        for (const [key, ms] of Object.entries(life)) placed[key as keyof typeof placed].push(ms);
        lives.set(what, placed);
      }
    }
  } finally {
    rmSync(images, { recursive: true, force: true });
  }
  return kinds.flatMap(({ what }) => {
    const times = walls.get(what);
    if (failed.has(what) || !times) return [];
    const medians = Object.entries(phases.get(what) ?? {}).map(([k, v]) => [k, median(v)] as const);
    const placed = Object.entries(lives.get(what) ?? {}).flatMap(([k, v]) =>
      v.length ? [[k, median(v)]] : [],
    );
    return [
      { what, wall: median(times), phases: Object.fromEntries(medians), ...Object.fromEntries(placed) },
    ];
  });
}

/** Prints the rows, each gpuc row as a ratio to its C row, and the floor no Node program can beat. */
export function printFirstKernels(rows: readonly FirstKernelRow[], rounds = 8): void {
  if (rows.length === 0) return;
  console.log(
    `\nfirst kernel from a bundle in a new process (medians of ${rounds - 1} processes after one, kinds interleaved):`,
  );
  const wallOf = (what: string) => rows.find((r) => r.what === what)?.wall;
  for (const row of rows) {
    const c = row.what.startsWith('gpuc')
      ? wallOf(row.what.replace(/gpuc, (\w+) bundle/, 'C driver API, $1'))
      : undefined;
    const phases = Object.entries(row.phases)
      .map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`)
      .join(', ');
    const life =
      row.firstLine === undefined
        ? ''
        : `; from spawn, first line at ${row.firstLine.toFixed(1)}, result to exit ${row.exit?.toFixed(1)}`;
    console.log(
      `  ${row.what.padEnd(24)} ${row.wall.toFixed(1).padStart(7)} ms${c ? ` (${(row.wall / c).toFixed(2)}x C)` : ''}${phases ? `; ms since start at the end of: ${phases}` : ''}${life}`,
    );
  }
  // No Node program can make its first driver call before Node itself has started: the floor is
  // Node's start plus the C program, and what gpuc adds is the rest.
  const node = wallOf('Node alone (node -e)');
  for (const label of ['PTX', 'cubin']) {
    const gpuc = wallOf(`gpuc, ${label} bundle`);
    const c = wallOf(`C driver API, ${label}`);
    if (node === undefined || gpuc === undefined || c === undefined) continue;
    console.log(
      `  ${label}: floor (Node's start + C) ${(node + c).toFixed(1)} ms = ${((node + c) / c).toFixed(2)}x C; gpuc adds ${(gpuc - node - c).toFixed(1)} ms above it`,
    );
  }
  // Once Node has started: gpuc from the script's first line against the whole C program (whose
  // loader maps libcuda before main, as gpuc's script loads it after its first line), to the
  // exit and to the result.
  for (const label of ['PTX', 'cubin']) {
    const gpuc = rows.find((r) => r.what === `gpuc, ${label} bundle`);
    const c = rows.find((r) => r.what === `C driver API, ${label}`);
    const gpucResult = gpuc && (gpuc.phases.launched ?? 0) - (gpuc.phases.main ?? 0);
    const cResult = c && (c.firstLine ?? 0) + (c.phases.launched ?? 0);
    if (gpuc?.fromFirstLine === undefined || c === undefined || !gpucResult || !cResult) continue;
    console.log(
      `  ${label} from the script's first line: to exit ${gpuc.fromFirstLine.toFixed(1)} ms = ${(gpuc.fromFirstLine / c.wall).toFixed(2)}x C's spawn to exit; to the result ${gpucResult.toFixed(1)} ms = ${(gpucResult / cResult).toFixed(2)}x C's spawn to result (${cResult.toFixed(1)})`,
    );
  }
}
