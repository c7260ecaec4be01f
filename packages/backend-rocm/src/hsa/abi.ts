/**
 * The HSA runtime's binary interface as gpuc uses it, in one place: the structs koffi lays out
 * (each named after its C type, `hsa_queue_t`...) and the enum constants, grouped by their C
 * prefix. Nothing here loads the library (koffi, through the host runtime, lays out the structs
 * at import); a test compiles a C program against `<hsa/hsa.h>` and
 * `<hsa/hsa_ext_amd.h>` and checks every size, offset and value below against it.
 */
import { type Koffi, koffi } from '@gpuc/core/host';

const ffi = koffi();

/** An opaque handle struct (`{ uint64_t handle; }`), a distinct type per C name. */
const handle = () => ffi.struct({ handle: 'uint64_t' });

const agent = handle();
const signal = handle();

const structs = {
  hsa_agent_t: agent,
  hsa_signal_t: signal,
  hsa_isa_t: handle(),
  hsa_amd_memory_pool_t: handle(),
  hsa_executable_t: handle(),
  hsa_executable_symbol_t: handle(),
  hsa_code_object_reader_t: handle(),
  /** The user-mode queue; the runtime owns its memory, gpuc reads it. */
  hsa_queue_t: ffi.struct({
    type: 'uint32_t',
    features: 'uint32_t',
    // HSA_LARGE_MODEL (every 64-bit host): a plain pointer, no padding word.
    base_address: 'void *',
    doorbell_signal: signal,
    size: 'uint32_t',
    reserved1: 'uint32_t',
    id: 'uint64_t',
  }),
  /** The AQL kernel dispatch packet (dispatch.ts encodes it by hand; this checks the offsets). */
  hsa_kernel_dispatch_packet_t: ffi.struct({
    header: 'uint16_t',
    setup: 'uint16_t',
    workgroup_size_x: 'uint16_t',
    workgroup_size_y: 'uint16_t',
    workgroup_size_z: 'uint16_t',
    reserved0: 'uint16_t',
    grid_size_x: 'uint32_t',
    grid_size_y: 'uint32_t',
    grid_size_z: 'uint32_t',
    private_segment_size: 'uint32_t',
    group_segment_size: 'uint32_t',
    kernel_object: 'uint64_t',
    kernarg_address: 'void *',
    reserved2: 'uint64_t',
    completion_signal: signal,
  }),
  /** What the runtime knows about an address (the bounds of the allocation holding it). */
  hsa_amd_pointer_info_t: ffi.struct({
    size: 'uint32_t',
    type: 'uint32_t',
    agentBaseAddress: 'void *',
    hostBaseAddress: 'void *',
    sizeInBytes: 'size_t',
    userData: 'void *',
    agentOwner: agent,
    global_flags: 'uint32_t',
  }),
};

/** The structs gpuc passes to or reads from the runtime, by C type name. */
export const STRUCTS: Readonly<Record<keyof typeof structs, Koffi.IKoffiCType>> = Object.freeze(structs);

/** `hsa_status_t`: success (errors are named by `hsa_status_string`). */
export const Status = Object.freeze({ SUCCESS: 0 });

/** `hsa_device_type_t`. */
export const DeviceType = Object.freeze({ CPU: 0, GPU: 1 });

/** `hsa_agent_info_t`: the attributes gpuc reads. */
export const AgentInfo = Object.freeze({
  NAME: 0,
  PROFILE: 4,
  WAVEFRONT_SIZE: 6,
  WORKGROUP_MAX_SIZE: 8,
  QUEUE_MAX_SIZE: 14,
  DEVICE: 17,
});

/** `hsa_amd_agent_info_t`: AMD's further agent attributes. */
export const AmdAgentInfo = Object.freeze({ COMPUTE_UNIT_COUNT: 0xa002, PRODUCT_NAME: 0xa009 });

/** `hsa_isa_info_t`. */
export const IsaInfo = Object.freeze({ NAME_LENGTH: 0, NAME: 1 });

/** `hsa_system_info_t`. */
export const SystemInfo = Object.freeze({ TIMESTAMP_FREQUENCY: 3 });

/** `hsa_queue_type_t`. */
export const QueueType = Object.freeze({ MULTI: 0 });

/** `hsa_signal_condition_t`. */
export const SignalCondition = Object.freeze({ LT: 2 });

/** `hsa_wait_state_t`. */
export const WaitState = Object.freeze({ BLOCKED: 0 });

/** `hsa_packet_type_t`. */
export const PacketType = Object.freeze({ KERNEL_DISPATCH: 2 });

/** `hsa_packet_header_t`: bit offsets of the header's fields. */
export const PacketHeader = Object.freeze({
  TYPE: 0,
  BARRIER: 8,
  SCACQUIRE_FENCE_SCOPE: 9,
  SCRELEASE_FENCE_SCOPE: 11,
});

/** `hsa_fence_scope_t`. */
export const FenceScope = Object.freeze({ NONE: 0, AGENT: 1, SYSTEM: 2 });

/** `hsa_kernel_dispatch_packet_setup_t`: bit offsets of the setup word's fields. */
export const DispatchSetup = Object.freeze({ DIMENSIONS: 0 });

/** `hsa_amd_segment_t`. */
export const AmdSegment = Object.freeze({ GLOBAL: 0, GROUP: 3 });

/** `hsa_amd_memory_pool_global_flag_t`. */
export const PoolGlobalFlag = Object.freeze({ KERNARG_INIT: 1, FINE_GRAINED: 2, COARSE_GRAINED: 4 });

/** `hsa_amd_memory_pool_info_t`. */
export const PoolInfo = Object.freeze({ SEGMENT: 0, GLOBAL_FLAGS: 1, SIZE: 2, RUNTIME_ALLOC_ALLOWED: 5 });

/** `hsa_amd_pointer_type_t`. */
export const PointerType = Object.freeze({ UNKNOWN: 0 });

/** `hsa_default_float_rounding_mode_t`. */
export const FloatRoundingMode = Object.freeze({ DEFAULT: 0 });

/** `hsa_executable_symbol_info_t`: the attributes gpuc reads. */
export const SymbolInfo = Object.freeze({
  KERNEL_KERNARG_SEGMENT_SIZE: 11,
  KERNEL_KERNARG_SEGMENT_ALIGNMENT: 12,
  KERNEL_GROUP_SEGMENT_SIZE: 13,
  KERNEL_PRIVATE_SEGMENT_SIZE: 14,
  VARIABLE_ADDRESS: 21,
  KERNEL_OBJECT: 22,
});

/** Every constant table above by its C prefix: `HSA_AGENT_INFO_` + `NAME` is `HSA_AGENT_INFO_NAME`. */
export const ENUMS: Readonly<Record<string, Readonly<Record<string, number>>>> = Object.freeze({
  HSA_STATUS_: Status,
  HSA_DEVICE_TYPE_: DeviceType,
  HSA_AGENT_INFO_: AgentInfo,
  HSA_AMD_AGENT_INFO_: AmdAgentInfo,
  HSA_ISA_INFO_: IsaInfo,
  HSA_SYSTEM_INFO_: SystemInfo,
  HSA_QUEUE_TYPE_: QueueType,
  HSA_SIGNAL_CONDITION_: SignalCondition,
  HSA_WAIT_STATE_: WaitState,
  HSA_PACKET_TYPE_: PacketType,
  HSA_PACKET_HEADER_: PacketHeader,
  HSA_FENCE_SCOPE_: FenceScope,
  HSA_KERNEL_DISPATCH_PACKET_SETUP_: DispatchSetup,
  HSA_AMD_SEGMENT_: AmdSegment,
  HSA_AMD_MEMORY_POOL_GLOBAL_FLAG_: PoolGlobalFlag,
  HSA_AMD_MEMORY_POOL_INFO_: PoolInfo,
  HSA_EXT_POINTER_TYPE_: PointerType,
  HSA_DEFAULT_FLOAT_ROUNDING_MODE_: FloatRoundingMode,
  HSA_EXECUTABLE_SYMBOL_INFO_: SymbolInfo,
});
