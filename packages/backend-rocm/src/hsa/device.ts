/**
 * AMD GPUs as the HSA runtime shows them: a GPU agent, what it is (its ISA, `gfx90a`...), and
 * the memory pools gpuc allocates from: the GPU's coarse-grained memory for arrays, the
 * kernarg pool for kernel arguments, and fine-grained system memory (host memory the GPU reads
 * and writes) for staging copies. System memory lives on the CPU agents' pools and is made
 * accessible to the GPU when it is allocated.
 */
import { koffi } from '@gpuc/core/host';
import {
  AgentInfo,
  AmdAgentInfo,
  AmdSegment,
  IsaInfo,
  PointerType,
  PoolGlobalFlag,
  PoolInfo,
  STRUCTS,
  Status,
} from './abi.js';
import { type Agent, agents, call, cString, getInfo } from './api.js';

/** A memory pool of an agent. */
export interface MemoryPool {
  readonly handle: bigint;
  /** `HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_*` bits. */
  readonly flags: number;
  readonly size: number;
  /** Whether it is the GPU's own pool (rather than system memory on a CPU agent). */
  readonly onDevice: boolean;
}

/** Host memory from an HSA pool: its address, and a view of it from JavaScript (no copy). */
export interface HostMemory {
  readonly address: bigint;
  readonly bytes: Uint8Array;
}

/**
 * The handles an iteration hands its callback (`hsa_agent_iterate_isas`...). The callback only
 * collects them: an exception thrown inside a callback would have to cross the runtime's frames.
 */
function collect(name: string, agent: Agent): { handle: bigint }[] {
  const handles: { handle: bigint }[] = [];
  call(
    name,
    agent,
    (raw: { handle: number | bigint }) => {
      handles.push({ handle: BigInt(raw.handle) });
      return Status.SUCCESS;
    },
    null,
  );
  return handles;
}

/** The global, allocatable pools of an agent, and the size of its group (LDS) segment. */
function pools(agent: Agent, onDevice: boolean): { global: MemoryPool[]; groupBytes: number } {
  const global: MemoryPool[] = [];
  let groupBytes = 0;
  for (const pool of collect('hsa_amd_agent_iterate_memory_pools', agent)) {
    const read = (attribute: number, bytes: number) =>
      getInfo('hsa_amd_memory_pool_get_info', pool, attribute, bytes);
    const segment = read(PoolInfo.SEGMENT, 4).readUInt32LE(0);
    const size = Number(read(PoolInfo.SIZE, 8).readBigUInt64LE(0));
    if (segment === AmdSegment.GROUP) groupBytes = Math.max(groupBytes, size);
    if (segment === AmdSegment.GLOBAL && read(PoolInfo.RUNTIME_ALLOC_ALLOWED, 1)[0] !== 0)
      global.push({ ...pool, flags: read(PoolInfo.GLOBAL_FLAGS, 4).readUInt32LE(0), size, onDevice });
  }
  return { global, groupBytes };
}

/** The first ISA an agent lists, by name (`amdgcn-amd-amdhsa--gfx90a:sramecc+:xnack-`). */
function isaName(agent: Agent): string {
  const isa = collect('hsa_agent_iterate_isas', agent)[0];
  if (!isa) return '';
  const length = getInfo('hsa_isa_get_info_alt', isa, IsaInfo.NAME_LENGTH, 4).readUInt32LE(0);
  return cString(getInfo('hsa_isa_get_info_alt', isa, IsaInfo.NAME, length + 1));
}

/** An AMD GPU (an HSA GPU agent) and the memory pools gpuc uses with it. */
export class RocmDevice {
  private static readonly devices = new Map<number, RocmDevice>();

  /** The GPU with this index among the runtime's GPU agents (default 0, or `GPUC_ROCM_DEVICE`). */
  static get(index = Number(process.env.GPUC_ROCM_DEVICE ?? 0)): RocmDevice {
    let device = RocmDevice.devices.get(index);
    if (!device) {
      device = new RocmDevice(index);
      RocmDevice.devices.set(index, device);
    }
    return device;
  }

  /** How many GPUs the runtime sees. */
  static count(): number {
    return agents().gpus.length;
  }

  readonly agent: Agent;
  /** The agent's name: its processor (`gfx90a`). */
  readonly name: string;
  /** The full ISA name, with target features (`amdgcn-amd-amdhsa--gfx90a:sramecc+:xnack-`). */
  readonly isa: string;
  /** The marketing name (`AMD Instinct MI210`). */
  readonly productName: string;
  readonly computeUnits: number;
  readonly wavefrontSize: number;
  readonly maxWorkgroupSize: number;
  readonly queueMaxSize: number;
  /** LDS bytes a work-group may use. */
  readonly ldsBytes: number;
  /** `hsa_profile_t` of the agent, which its executables must be created with. */
  readonly profile: number;
  private readonly devicePool: MemoryPool;
  private readonly kernargPool: MemoryPool;
  private readonly hostPool: MemoryPool;

  private constructor(readonly index: number) {
    const gpus = agents().gpus;
    const agent = gpus[index];
    if (!agent)
      throw new RangeError(`gpuc: there is no AMD GPU ${index}; the HSA runtime sees ${gpus.length}`);
    this.agent = agent;
    const u32 = (attribute: number) => getInfo('hsa_agent_get_info', agent, attribute, 4).readUInt32LE(0);
    this.name = cString(getInfo('hsa_agent_get_info', agent, AgentInfo.NAME, 64));
    this.productName = cString(getInfo('hsa_agent_get_info', agent, AmdAgentInfo.PRODUCT_NAME, 64));
    this.isa = isaName(agent);
    this.computeUnits = u32(AmdAgentInfo.COMPUTE_UNIT_COUNT);
    this.wavefrontSize = u32(AgentInfo.WAVEFRONT_SIZE);
    this.maxWorkgroupSize = u32(AgentInfo.WORKGROUP_MAX_SIZE);
    this.queueMaxSize = u32(AgentInfo.QUEUE_MAX_SIZE);
    this.profile = u32(AgentInfo.PROFILE);
    const own = pools(agent, true);
    this.ldsBytes = own.groupBytes;
    const system = agents().cpus.flatMap((cpu) => pools(cpu, false).global);
    const has = (flag: number) => (pool: MemoryPool) => (pool.flags & flag) !== 0;
    // An APU may have no memory of its own: then arrays live in (fine-grained) system memory.
    const device =
      own.global.find(has(PoolGlobalFlag.COARSE_GRAINED)) ??
      own.global[0] ??
      system.find(has(PoolGlobalFlag.FINE_GRAINED));
    const kernarg = [...own.global, ...system].find(has(PoolGlobalFlag.KERNARG_INIT));
    const host =
      system.find((p) => has(PoolGlobalFlag.FINE_GRAINED)(p) && !has(PoolGlobalFlag.KERNARG_INIT)(p)) ??
      kernarg;
    if (!device || !kernarg || !host)
      throw new Error(
        `gpuc: the HSA runtime offers ${this.name} no ${!device ? 'device' : !kernarg ? 'kernel-argument' : 'host'} memory pool`,
      );
    this.devicePool = device;
    this.kernargPool = kernarg;
    this.hostPool = host;
  }

  /** The processor to compile for (`gfx90a`), from the ISA name. */
  get gfx(): string {
    return /--(gfx[0-9a-f]+)/.exec(this.isa)?.[1] ?? this.name;
  }

  /** Allocates from a pool; system memory is made accessible to this GPU. */
  private allocate(pool: MemoryPool, bytes: number): unknown {
    const pointer: [unknown] = [null];
    call('hsa_amd_memory_pool_allocate', { handle: pool.handle }, Math.max(1, bytes), 0, pointer);
    if (!pool.onDevice) call('hsa_amd_agents_allow_access', 1, this.agent, null, pointer[0]);
    return pointer[0];
  }

  /** GPU memory for `bytes` bytes, by address (rounded up to whole 32-bit words, for fills). */
  allocateDevice(bytes: number): bigint {
    return koffi().address(this.allocate(this.devicePool, Math.ceil(bytes / 4) * 4));
  }

  /** Host memory this GPU can read and write: `kernarg` for kernel arguments, `host` for staging. */
  allocateHost(bytes: number, kind: 'kernarg' | 'host'): HostMemory {
    const pointer = this.allocate(kind === 'kernarg' ? this.kernargPool : this.hostPool, bytes);
    const ffi = koffi();
    return {
      address: ffi.address(pointer),
      bytes: new Uint8Array(ffi.view(pointer, Math.max(1, bytes))),
    };
  }

  /** Destructions of collected modules still waiting for their queues (`retireWhenIdle`). */
  private readonly retired: (() => boolean)[] = [];

  /**
   * Queues the destruction of a module nothing can launch again (its kernels collected), which
   * a dispatch of it may still be running: `destroy` destroys it and says so where its queues are
   * idle, or does nothing and says it must wait. Tried at each wait for a queue.
   */
  retireWhenIdle(destroy: () => boolean): void {
    this.retired.push(destroy);
  }

  /** How many collected modules wait to be destroyed. */
  get pendingRetirements(): number {
    return this.retired.length;
  }

  /** Destroys the collected modules whose queues are idle (after a wait for a queue). */
  destroyRetired(): void {
    for (const destroy of this.retired.splice(0)) {
      try {
        if (!destroy()) this.retired.push(destroy);
      } catch {
        // an executable the runtime no longer knows needs no destruction
      }
    }
  }

  /** Returns memory from any of the pools. */
  free(address: bigint): void {
    call('hsa_amd_memory_pool_free', address);
  }

  /**
   * The allocation the runtime knows `address` to be in (its first address and size), or null
   * for memory it does not know.
   */
  allocationOf(address: bigint): { base: bigint; size: number } | null {
    const info: Record<string, unknown> = { size: koffi().sizeof(STRUCTS.hsa_amd_pointer_info_t) };
    call('hsa_amd_pointer_info', address, info, null, null, null);
    if (info.type === PointerType.UNKNOWN || !info.agentBaseAddress) return null;
    return { base: koffi().address(info.agentBaseAddress), size: Number(info.sizeInBytes) };
  }
}
