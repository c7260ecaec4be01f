import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { koffi } from '@gpuc/core/host';
import { describe, expect, it } from 'vitest';
import { declarations, hsa } from '../src/hsa/api.js';
import {
  deviceException,
  EXCEPTION_WORDS,
  hasRocmDevice,
  launchRocm,
  REASONS,
  RocmDevice,
} from '../src/index.js';
import { hsaGpuChecks } from './fixtures/hsa-gpu-checks.js';

/** Whether the HSA runtime library itself can be loaded here (it is, where setup.sh ran). */
const libraryLoads = (() => {
  try {
    koffi().load('libhsa-runtime64.so.1');
    return true;
  } catch {
    return false;
  }
})();

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

describe.skipIf(hasRocmDevice())('without an AMD GPU', () => {
  const noGpu = libraryLoads
    ? /^gpuc: no AMD GPU: (hsa_init failed: HSA_STATUS_\w+: .+|the HSA runtime is initialised but found no GPU agent)$/
    : /^gpuc: no AMD GPU: the HSA runtime \(libhsa-runtime64\.so\.1\) could not be loaded/;

  it('gives one clear "no AMD GPU" error when the runtime is loaded, every time it is asked', () => {
    expect(() => hsa()).toThrow(noGpu);
    expect(() => hsa()).toThrow(noGpu);
    expect(hasRocmDevice()).toBe(false);
    expect(() => RocmDevice.count()).toThrow(noGpu);
    expect(() => RocmDevice.get()).toThrow(noGpu);
  });

  it('says so when asked to launch, before compiling anything', () => {
    expect(() =>
      launchRocm(
        { text: 'function k(x) { x[0] = 1; }', file: 'k.js' },
        { grid: 1, block: 1 },
        new Float32Array(1),
      ),
    ).toThrow(noGpu);
  });

  it.skipIf(!libraryLoads)(
    'binds every runtime function so that the arguments gpuc passes reach it (uninitialised, it refuses them)',
    () => {
      expect(() => hsa()).toThrow(noGpu);
      const library = koffi().load('libhsa-runtime64.so.1');
      const bound = new Map(
        declarations().map(([name, result, params]) => [name, library.func(name, result, params)]),
      );
      const agent = { handle: 0x1234n };
      const handle = { handle: 1n };
      const value = Buffer.alloc(64);
      // The argument shapes gpuc's own calls use: structs by value and by pointer as objects,
      // addresses as bigints, out-parameters as arrays and objects, callbacks as functions.
      const ARGUMENTS: Record<string, unknown[]> = {
        hsa_shut_down: [],
        hsa_system_get_info: [3, value],
        hsa_iterate_agents: [() => 0, null],
        hsa_agent_get_info: [agent, 0, value],
        hsa_agent_iterate_isas: [agent, () => 0, null],
        hsa_isa_get_info_alt: [handle, 1, value],
        hsa_amd_agent_iterate_memory_pools: [agent, () => 0, null],
        hsa_amd_memory_pool_get_info: [handle, 0, value],
        hsa_amd_memory_pool_allocate: [handle, 64, 0, [null]],
        hsa_amd_memory_pool_free: [0x1000n],
        hsa_amd_agents_allow_access: [1, agent, null, 0x1000n],
        hsa_amd_memory_fill: [0x1000n, 0, 4],
        hsa_amd_pointer_info: [0x1000n, { size: 56 }, null, null, null],
        hsa_memory_copy: [0x1000n, value, 8],
        hsa_queue_create: [agent, 1024, 0, null, null, 0xffffffff, 0xffffffff, [null]],
        hsa_queue_destroy: [null],
        hsa_signal_create: [0, 0, null, {}],
        hsa_signal_destroy: [handle],
        hsa_code_object_reader_create_from_memory: [value, value.length, {}],
        hsa_code_object_reader_destroy: [handle],
        hsa_executable_create_alt: [0, 0, null, {}],
        hsa_executable_load_agent_code_object: [handle, agent, handle, null, null],
        hsa_executable_freeze: [handle, null],
        hsa_executable_destroy: [handle],
        hsa_executable_get_symbol_by_name: [handle, 'k.kd', agent, {}],
        hsa_executable_symbol_get_info: [handle, 22, value],
      };
      // Not called: hsa_init and hsa_status_string are exercised above, and the queue and
      // signal operations return no status (on bogus handles they would fault, not refuse).
      const uncalled = [
        'hsa_init',
        'hsa_status_string',
        'hsa_queue_load_read_index_scacquire',
        'hsa_queue_add_write_index_screlease',
        'hsa_signal_store_screlease',
        'hsa_signal_add_screlease',
        'hsa_signal_load_scacquire',
        'hsa_signal_wait_scacquire',
      ];
      expect([...bound.keys()].sort()).toEqual([...Object.keys(ARGUMENTS), ...uncalled].sort());
      const NOT_INITIALIZED = 0x100b;
      for (const [name, args] of Object.entries(ARGUMENTS))
        expect({ name, status: bound.get(name)?.(...args) }).toEqual({ name, status: NOT_INITIALIZED });
    },
  );

  it('does not crash the process that tried (the runtime fails cleanly, at load and at exit)', () => {
    const child = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', tsx, join(import.meta.dirname, 'fixtures', 'hsa-no-gpu.ts')],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: child.status, signal: child.signal, stderr: child.stderr }).toEqual({
      status: 0,
      signal: null,
      stderr: '',
    });
    const [error, has] = child.stdout.trim().split('\n');
    expect(error?.replace(/^error: /, '')).toMatch(noGpu);
    expect(has).toBe('hasRocmDevice: false');
  });
});

describe('device exceptions read back from the exception block', () => {
  const STRINGS = new Map([
    [0x1000n, 'element out of range'],
    [0x2000n, 'checked'],
    [0x3000n, 'checked.js'],
  ]);
  const text = (address: bigint) => STRINGS.get(address) ?? '';
  const block = (owner: bigint, words: Partial<Record<keyof typeof EXCEPTION_WORDS, bigint>> = {}) => {
    const block = new BigUint64Array(EXCEPTION_WORDS.count);
    block[EXCEPTION_WORDS.owner] = owner;
    for (const [key, value] of Object.entries(words))
      block[EXCEPTION_WORDS[key as keyof typeof EXCEPTION_WORDS]] = value;
    return block;
  };
  // As the runtime writes it: (work-group + 1) << 24 | work-item << 8 | reason.
  const owner = (workgroup: number, workitem: number, reason: number) =>
    (BigInt(workgroup + 1) << 24n) | (BigInt(workitem) << 8n) | BigInt(reason);

  it('is no error while the owner word is clear', () => {
    expect(deviceException('checked', block(0n, { signalled: 1n, message: 0x1000n }), text)).toBeNull();
  });

  it('names the message, function, file and line as every back-end does, and says who threw', () => {
    const error = deviceException(
      'checked',
      block(owner(1, 13, REASONS.exception), {
        signalled: 1n,
        message: 0x1000n,
        function: 0x2000n,
        file: 0x3000n,
        line: 3n,
      }),
      text,
    );
    expect(error?.message).toBe('element out of range (in checked at checked.js:3)');
    expect(error).toMatchObject({
      name: 'DeviceError',
      kernel: 'checked',
      workgroup: 1,
      workitem: 13,
      reason: 1,
    });
  });

  it('falls back to the kernel and the reason when the report has no strings', () => {
    expect(deviceException('grow', block(owner(0, 0, REASONS.outOfMemory)), text)?.message).toBe(
      'out of memory (in grow)',
    );
    expect(
      deviceException('k', block(owner(4095, 1023, REASONS.exception), { line: 9n }), text),
    ).toMatchObject({ message: 'device exception (in k)', workgroup: 4095, workitem: 1023 });
  });
});

describe.skipIf(!hasRocmDevice())('on an AMD GPU', () => {
  it.each(hsaGpuChecks().map((c) => [c.name, c] as const))(
    '%s',
    async (_, check) => {
      await expect(Promise.resolve(check.run())).resolves.toBeTypeOf('string');
    },
    120_000,
  );
});
