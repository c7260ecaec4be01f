/**
 * The HSA runtime (`libhsa-runtime64.so.1`, ROCr), loaded lazily through koffi: the calls gpuc
 * makes, each checked, a failure becoming an `HsaError` with the runtime's own description of
 * the status. Loading also initialises the runtime and lists its agents, so every way of not
 * having an AMD GPU (no library, `hsa_init` failing, no GPU agent) is one clear error, raised
 * once and remembered. Device addresses are `bigint`; handles are `{ handle }` structs.
 */
import { existsSync } from 'node:fs';
import { type Koffi, koffi, loadFirstLibrary } from '@gpuc/core/host';
import { AgentInfo, DeviceType, STRUCTS, Status } from './abi.js';

/** An error the HSA runtime returned. */
export class HsaError extends Error {
  override name = 'HsaError';

  constructor(
    readonly call: string,
    readonly code: number,
    description: string,
  ) {
    super(`${call} failed: ${description}`);
  }
}

type Fn = (...args: unknown[]) => unknown;

/** The runtime's functions, by their C names. */
export interface HsaApi {
  readonly [name: string]: Fn;
}

/** An agent (a GPU or a CPU) as the runtime names it. */
export interface Agent {
  readonly handle: bigint;
}

/** A callback type, registered once per koffi instance (koffi's type names are global). */
function proto(name: string, result: string, params: unknown[]): Koffi.IKoffiCType {
  try {
    return koffi().resolve(name);
  } catch {
    return koffi().proto(name, result, params as Koffi.TypeSpec[]);
  }
}

/**
 * The runtime functions gpuc binds: each one's C name, result and parameter types for koffi
 * (`hsa_status_t` and the other enums are `uint32_t`; pointers gpuc keeps as addresses are
 * `void *`, which koffi fills from a `bigint`).
 */
export function declarations(): [string, Koffi.TypeSpec, Koffi.TypeSpec[]][] {
  const S = STRUCTS;
  const { inout, out, pointer } = koffi();
  const agentCallback = proto('gpuc_hsa_agent_callback', 'uint32_t', [S.hsa_agent_t, 'void *']);
  const isaCallback = proto('gpuc_hsa_isa_callback', 'uint32_t', [S.hsa_isa_t, 'void *']);
  const poolCallback = proto('gpuc_hsa_pool_callback', 'uint32_t', [S.hsa_amd_memory_pool_t, 'void *']);
  const status = 'uint32_t';
  return [
    ['hsa_init', status, []],
    ['hsa_shut_down', status, []],
    ['hsa_status_string', status, ['uint32_t', out('const char **')]],
    ['hsa_system_get_info', status, ['uint32_t', 'void *']],
    ['hsa_iterate_agents', status, [pointer(agentCallback), 'void *']],
    ['hsa_agent_get_info', status, [S.hsa_agent_t, 'uint32_t', 'void *']],
    ['hsa_agent_iterate_isas', status, [S.hsa_agent_t, pointer(isaCallback), 'void *']],
    ['hsa_isa_get_info_alt', status, [S.hsa_isa_t, 'uint32_t', 'void *']],
    ['hsa_amd_agent_iterate_memory_pools', status, [S.hsa_agent_t, pointer(poolCallback), 'void *']],
    ['hsa_amd_memory_pool_get_info', status, [S.hsa_amd_memory_pool_t, 'uint32_t', 'void *']],
    ['hsa_amd_memory_pool_allocate', status, [S.hsa_amd_memory_pool_t, 'size_t', 'uint32_t', out('void **')]],
    ['hsa_amd_memory_pool_free', status, ['void *']],
    [
      'hsa_amd_agents_allow_access',
      status,
      ['uint32_t', pointer(S.hsa_agent_t), 'const uint32_t *', 'void *'],
    ],
    ['hsa_amd_memory_fill', status, ['void *', 'uint32_t', 'size_t']],
    [
      'hsa_amd_pointer_info',
      status,
      ['void *', inout(pointer(S.hsa_amd_pointer_info_t)), 'void *', 'uint32_t *', 'void *'],
    ],
    ['hsa_memory_copy', status, ['void *', 'void *', 'size_t']],
    [
      'hsa_queue_create',
      status,
      [S.hsa_agent_t, 'uint32_t', 'uint32_t', 'void *', 'void *', 'uint32_t', 'uint32_t', out('void **')],
    ],
    ['hsa_queue_destroy', status, ['void *']],
    ['hsa_queue_load_read_index_scacquire', 'uint64_t', ['void *']],
    ['hsa_queue_add_write_index_screlease', 'uint64_t', ['void *', 'uint64_t']],
    ['hsa_signal_create', status, ['int64_t', 'uint32_t', 'void *', out(pointer(S.hsa_signal_t))]],
    ['hsa_signal_destroy', status, [S.hsa_signal_t]],
    ['hsa_signal_store_screlease', 'void', [S.hsa_signal_t, 'int64_t']],
    ['hsa_signal_load_scacquire', 'int64_t', [S.hsa_signal_t]],
    ['hsa_signal_add_screlease', 'void', [S.hsa_signal_t, 'int64_t']],
    ['hsa_signal_wait_scacquire', 'int64_t', [S.hsa_signal_t, 'uint32_t', 'int64_t', 'uint64_t', 'uint32_t']],
    [
      'hsa_code_object_reader_create_from_memory',
      status,
      ['void *', 'size_t', out(pointer(S.hsa_code_object_reader_t))],
    ],
    ['hsa_code_object_reader_destroy', status, [S.hsa_code_object_reader_t]],
    [
      'hsa_executable_create_alt',
      status,
      ['uint32_t', 'uint32_t', 'const char *', out(pointer(S.hsa_executable_t))],
    ],
    [
      'hsa_executable_load_agent_code_object',
      status,
      [S.hsa_executable_t, S.hsa_agent_t, S.hsa_code_object_reader_t, 'const char *', 'void *'],
    ],
    ['hsa_executable_freeze', status, [S.hsa_executable_t, 'const char *']],
    ['hsa_executable_destroy', status, [S.hsa_executable_t]],
    [
      'hsa_executable_get_symbol_by_name',
      status,
      [S.hsa_executable_t, 'const char *', pointer(S.hsa_agent_t), out(pointer(S.hsa_executable_symbol_t))],
    ],
    ['hsa_executable_symbol_get_info', status, [S.hsa_executable_symbol_t, 'uint32_t', 'void *']],
  ];
}

let api: HsaApi | undefined;
let found: { gpus: Agent[]; cpus: Agent[] } | undefined;
/** Why the runtime cannot be used, once known (it is not retried). */
let unavailable: Error | undefined;

/** Where the runtime is looked for: `GPUC_LIBHSA`, then the loader's search path. */
function libraryNames(): string[] {
  return [process.env.GPUC_LIBHSA, 'libhsa-runtime64.so.1', 'libhsa-runtime64.so'].filter((n): n is string =>
    Boolean(n),
  );
}

/** The runtime's name and description of a status (`hsa_status_string` needs no `hsa_init`). */
function describe(functions: HsaApi, code: number): string {
  const text: [string | null] = [null];
  const described = functions.hsa_status_string?.(code, text);
  return described === Status.SUCCESS && text[0] ? text[0] : `HSA status 0x${code.toString(16)}`;
}

/** Loads the library, binds every function, and initialises the runtime. */
function load(): HsaApi {
  const { library, failures } = loadFirstLibrary(libraryNames());
  if (!library)
    throw new Error(
      `gpuc: no AMD GPU: the HSA runtime (libhsa-runtime64.so.1) could not be loaded; install ROCm ` +
        `(Debian: libhsa-runtime64-1) or set GPUC_LIBHSA (${failures.join('; ')})`,
    );
  const functions: Record<string, Fn> = {};
  for (const [name, result, params] of declarations()) {
    try {
      functions[name] = library.func(name, result, params) as Fn;
    } catch (error) {
      throw new Error(
        `gpuc: the HSA runtime has no ${name}; it is older than gpuc needs (${(error as Error).message})`,
      );
    }
  }
  const status = functions.hsa_init?.() as number;
  if (status !== Status.SUCCESS) {
    // Without the amdgpu kernel driver the runtime only says it ran out of resources.
    const hint = existsSync('/dev/kfd')
      ? ''
      : ' (there is no /dev/kfd: the amdgpu kernel driver is not loaded)';
    throw new Error(`gpuc: no AMD GPU: hsa_init failed: ${describe(functions, status)}${hint}`);
  }
  return functions;
}

/** The runtime, loaded and initialised on first use; a clear "no AMD GPU" error when it cannot be. */
export function hsa(): HsaApi {
  if (api) return api;
  if (unavailable) throw unavailable;
  try {
    const functions = load();
    found = listAgents(functions);
    if (found.gpus.length === 0) {
      functions.hsa_shut_down?.();
      throw new Error('gpuc: no AMD GPU: the HSA runtime is initialised but found no GPU agent');
    }
    api = functions;
    return api;
  } catch (error) {
    unavailable = error as Error;
    throw error;
  }
}

/** The runtime's GPU and CPU agents, in the order it lists them. */
function listAgents(functions: HsaApi): { gpus: Agent[]; cpus: Agent[] } {
  const all: Agent[] = [];
  const status = functions.hsa_iterate_agents?.((agent: { handle: number | bigint }) => {
    all.push({ handle: BigInt(agent.handle) });
    return Status.SUCCESS;
  }, null) as number;
  if (status !== Status.SUCCESS)
    throw new HsaError('hsa_iterate_agents', status, describe(functions, status));
  const type = (agent: Agent) => {
    const value = new Uint32Array(1);
    const result = functions.hsa_agent_get_info?.(agent, AgentInfo.DEVICE, value) as number;
    if (result !== Status.SUCCESS)
      throw new HsaError('hsa_agent_get_info', result, describe(functions, result));
    return value[0];
  };
  return {
    gpus: all.filter((a) => type(a) === DeviceType.GPU),
    cpus: all.filter((a) => type(a) === DeviceType.CPU),
  };
}

/** The runtime's GPU and CPU agents (loading the runtime first). */
export function agents(): { readonly gpus: readonly Agent[]; readonly cpus: readonly Agent[] } {
  hsa();
  return found as { gpus: Agent[]; cpus: Agent[] };
}

/** Throws an HsaError unless `code` is HSA_STATUS_SUCCESS. */
export function check(call: string, code: number): void {
  if (code === Status.SUCCESS) return;
  throw new HsaError(call, code, describe(hsa(), code));
}

/** Calls a runtime function that returns an `hsa_status_t`, and checks it. */
export function call(name: string, ...args: unknown[]): void {
  check(name, invoke(name, ...args) as number);
}

/** Calls a runtime function and returns what it returns. */
export function invoke(name: string, ...args: unknown[]): unknown {
  const fn = hsa()[name];
  if (!fn) throw new Error(`gpuc: the HSA runtime binding has no ${name}`);
  return fn(...args);
}

/** An attribute of an agent, pool, ISA or symbol, read by its `..._get_info` function into `bytes` bytes. */
export function getInfo(name: string, object: unknown, attribute: number, bytes: number): Buffer {
  const value = Buffer.alloc(bytes);
  call(name, object, attribute, value);
  return value;
}

/** A NUL-terminated string in a buffer the runtime filled. */
export function cString(buffer: Uint8Array): string {
  const end = buffer.indexOf(0);
  return Buffer.from(end < 0 ? buffer : buffer.subarray(0, end)).toString('utf8');
}

/** Whether the HSA runtime is installed and sees at least one GPU (never throws). */
export function hasRocmDevice(): boolean {
  try {
    return agents().gpus.length > 0;
  } catch {
    return false;
  }
}
