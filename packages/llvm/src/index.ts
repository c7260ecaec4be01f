/**
 * @gpuc/llvm: gpuc's binding of LLVM 22.
 *
 * `llvm()` loads the native binary on first call: the prebuilt one of this platform's package
 * (`@gpuc/llvm-linux-x64-gnu`...) when installed, else one built from source in this package
 * (`pnpm --filter @gpuc/llvm build:native`). Importing this module loads nothing, so code that
 * never compiles never needs the binary.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as api from './api.js';

export * from './api.js';

/** The binding: every class and function of this package, ready to use. */
export type LLVM = typeof api;

let loaded: LLVM | undefined;

/** This machine as a platform package names it: `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`... */
export function platformKey(): string {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

let musl: boolean | undefined;

/** Whether this Linux has musl: a diagnostic report (several ms) says, so it is read once. */
function isMusl(): boolean {
  if (musl === undefined) {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    musl = report?.header?.glibcVersionRuntime === undefined;
  }
  return musl;
}

/** Where the binary may be, most preferred first. */
function candidates(): { what: string; load: () => unknown }[] {
  const require = createRequire(import.meta.url);
  const here = dirname(fileURLToPath(import.meta.url));
  const local = [join(here, '..', 'native', 'build', 'Release', 'gpuc-llvm.node')];
  return [
    { what: `@gpuc/llvm-${platformKey()}`, load: () => require(`@gpuc/llvm-${platformKey()}`) },
    ...local.map((path) => ({
      what: path,
      load: () => {
        if (!existsSync(path))
          throw Object.assign(new Error(`${path} does not exist`), { code: 'MODULE_NOT_FOUND' });
        return require(path);
      },
    })),
  ];
}

/** The error when no binary loads: the platform, and how to build one from source. */
export function noBinaryError(failures: readonly string[]): Error {
  const libc = process.platform === 'linux' ? (isMusl() ? ', musl' : ', glibc') : '';
  return new Error(
    `@gpuc/llvm: no LLVM binary for this platform (${process.platform}, ${process.arch}${libc}); ` +
      `install @gpuc/llvm-${platformKey()} if it exists, or build from source: install LLVM 22 ` +
      `(Debian/Ubuntu: apt-get install llvm-22-dev liblld-22-dev) and run ` +
      `'pnpm --filter @gpuc/llvm build:native' in a gpuc checkout.${failures.map((f) => `\n  ${f}`).join('')}`,
  );
}

/**
 * The version of the interface between this package's TypeScript and its binary: a binary built
 * from other sources (a platform package or a build left from before a pull) may wrap objects
 * in ways this code does not expect, which crashes instead of failing. Raised with every change
 * of what `install` and the binary expect of each other.
 */
export const BINARY_INTERFACE = 3;

/** Why a loaded binary cannot serve this package, or undefined when it can. */
export function interfaceMismatch(binary: Record<string, unknown>): string | undefined {
  const found = binary.interfaceVersion;
  if (found === BINARY_INTERFACE) return undefined;
  return `built for interface ${typeof found === 'number' ? found : 1}, this @gpuc/llvm needs ${BINARY_INTERFACE}: rebuild it ('pnpm --filter @gpuc/llvm build:native') or install the matching platform package`;
}

/** The in-process LLVM, loaded on first call. */
export function llvm(): LLVM {
  if (loaded === undefined) {
    const failures: string[] = [];
    for (const candidate of candidates()) {
      let binary: unknown;
      try {
        binary = candidate.load();
      } catch (error) {
        const e = error as NodeJS.ErrnoException;
        failures.push(`${candidate.what}: ${e.code === 'MODULE_NOT_FOUND' ? 'not installed' : e.message}`);
        continue;
      }
      const mismatch = interfaceMismatch(binary as Record<string, unknown>);
      if (mismatch !== undefined) {
        failures.push(`${candidate.what}: ${mismatch}`);
        continue;
      }
      api.install(binary as Record<string, unknown>);
      loaded = api;
      break;
    }
    if (loaded === undefined) throw noBinaryError(failures);
  }
  return loaded;
}
