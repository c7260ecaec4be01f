/**
 * The CUDA driver API (`libcuda.so.1`), loaded lazily through koffi: the calls gpuc makes, each
 * checked, a failure becoming a `CudaError` with the driver's name and description for it.
 * Device pointers are `bigint`; contexts, modules, functions, streams and events are the opaque
 * handles koffi gives.
 */
import { koffi, type NativeLibrary } from '@gpuc/core/ffi';
import { declareHandles, driverLibrary } from './library.js';

/** An error the CUDA driver returned. */
export class CudaError extends Error {
  override name = 'CudaError';

  constructor(
    readonly call: string,
    readonly code: number,
    readonly codeName: string,
    description: string,
  ) {
    super(`${call} failed: ${codeName} (${description})`);
  }
}

type Fn = (...args: unknown[]) => number;

/** The driver functions, by name (as `cuX`, the `_v2` versions where the API has them). */
export interface DriverApi {
  readonly [name: string]: Fn;
}

const DECLARATIONS = [
  'int cuInit(unsigned int flags)',
  'int cuDriverGetVersion(_Out_ int *version)',
  'int cuDeviceGetCount(_Out_ int *count)',
  'int cuDeviceGet(_Out_ int *device, int ordinal)',
  'int cuDeviceGetName(_Out_ uint8_t *name, int length, int device)',
  'int cuDeviceGetAttribute(_Out_ int *value, int attribute, int device)',
  'int cuDeviceTotalMem_v2(_Out_ uint64_t *bytes, int device)',
  'int cuDevicePrimaryCtxRetain(_Out_ CUctx **context, int device)',
  'int cuCtxSetCurrent(CUctx *context)',
  'int cuCtxSynchronize()',
  'int cuMemAlloc_v2(_Out_ uint64_t *pointer, size_t bytes)',
  'int cuMemFree_v2(uint64_t pointer)',
  'int cuMemcpyHtoD_v2(uint64_t destination, const void *source, size_t bytes)',
  'int cuMemcpyDtoH_v2(_Out_ void *destination, uint64_t source, size_t bytes)',
  'int cuMemcpyDtoD_v2(uint64_t destination, uint64_t source, size_t bytes)',
  'int cuMemcpyHtoDAsync_v2(uint64_t destination, const void *source, size_t bytes, CUstream *stream)',
  'int cuMemcpyDtoHAsync_v2(void *destination, uint64_t source, size_t bytes, CUstream *stream)',
  'int cuMemsetD8_v2(uint64_t destination, uint8_t value, size_t count)',
  'int cuMemHostAlloc(_Out_ void **pointer, size_t bytes, unsigned int flags)',
  'int cuMemFreeHost(void *pointer)',
  'int cuMemHostGetDevicePointer_v2(_Out_ uint64_t *device, void *host, unsigned int flags)',
  'int cuModuleLoadDataEx(_Out_ CUmod **module, const char *image, unsigned int count, int *options, void **values)',
  'int cuModuleLoadData(_Out_ CUmod **module, const void *image)',
  'int cuModuleUnload(CUmod *module)',
  'int cuModuleGetFunction(_Out_ CUfunc **function, CUmod *module, const char *name)',
  'int cuModuleGetGlobal_v2(_Out_ uint64_t *pointer, _Out_ size_t *bytes, CUmod *module, const char *name)',
  'int cuFuncGetAttribute(_Out_ int *value, int attribute, CUfunc *function)',
  'int cuFuncSetAttribute(CUfunc *function, int attribute, int value)',
  'int cuOccupancyMaxPotentialBlockSize(_Out_ int *minGridSize, _Out_ int *blockSize, CUfunc *function, void *blockSizeToSharedBytes, size_t sharedBytes, int blockSizeLimit)',
  // Handles and pointers as 64-bit integers, given as numbers (addresses fit 53 bits): koffi
  // passes a number faster than a bigint, and either much faster than it unwraps an opaque
  // handle or a typed array; a launch pays that on every call.
  'int cuLaunchKernel(uint64_t function, unsigned int gx, unsigned int gy, unsigned int gz, unsigned int bx, unsigned int by, unsigned int bz, unsigned int shared, uint64_t stream, uint64_t parameters, uint64_t extra)',
  'int cuStreamCreate(_Out_ CUstream **stream, unsigned int flags)',
  'int cuStreamSynchronize(CUstream *stream)',
  'int cuStreamDestroy_v2(CUstream *stream)',
  'int cuEventCreate(_Out_ CUevent **event, unsigned int flags)',
  'int cuEventRecord(CUevent *event, CUstream *stream)',
  'int cuEventSynchronize(CUevent *event)',
  'int cuEventQuery(CUevent *event)',
  'int cuEventElapsedTime(_Out_ float *milliseconds, CUevent *start, CUevent *end)',
  'int cuEventDestroy_v2(CUevent *event)',
  'int cuGetErrorName(int error, _Out_ const char **name)',
  'int cuGetErrorString(int error, _Out_ const char **description)',
];

/**
 * Functions of newer drivers that gpuc uses where present: `cuLaunchKernelEx` (CUDA 12.0) takes
 * the geometry and stream in a struct a launch rewrites in place, four arguments for koffi to
 * pass instead of eleven.
 */
const OPTIONAL_DECLARATIONS = [
  'int cuLaunchKernelEx(uint64_t config, uint64_t function, uint64_t parameters, uint64_t extra)',
];

let api: DriverApi | undefined;
/** The library `api` was declared from. */
let apiLibrary: NativeLibrary | undefined;
/** Why the driver could not be loaded, once known (it is not retried). */
let unavailable: Error | undefined;

/** The driver, loaded and initialised on first use; a clear error when there is none. */
export function driver(): DriverApi {
  if (api) return api;
  if (unavailable) throw unavailable;
  // The library the driver's start loaded, unless GPUC_LIBCUDA has changed since.
  const { library, failures } = driverLibrary();
  if (!library) {
    unavailable = new Error(
      `gpuc: the CUDA driver (libcuda.so.1) could not be loaded; is the NVIDIA driver installed? (${failures.join('; ')})`,
    );
    throw unavailable;
  }
  declareHandles();
  const loaded = library;
  const functions: Record<string, Fn> = {};
  const declare = (declaration: string) => {
    const name = /\b(cu\w+)\(/.exec(declaration)?.[1] as string;
    functions[name.replace(/_v2$/, '')] = loaded.func(declaration) as Fn;
  };
  for (const declaration of DECLARATIONS) declare(declaration);
  for (const declaration of OPTIONAL_DECLARATIONS) {
    try {
      declare(declaration);
    } catch {
      // An older driver: gpuc does without it.
    }
  }
  api = functions;
  apiLibrary = library;
  check('cuInit', api.cuInit?.(0) as number);
  return api;
}

/** The library the driver's functions come from (loading the driver first). */
export function driverLibraryInUse(): NativeLibrary {
  driver();
  return apiLibrary as NativeLibrary;
}

/** The driver's name and description of a result code. */
function describe(code: number): { name: string; description: string } {
  const name: [string | null] = [null];
  const description: [string | null] = [null];
  api?.cuGetErrorName?.(code, name);
  api?.cuGetErrorString?.(code, description);
  return { name: name[0] ?? `CUDA error ${code}`, description: description[0] ?? 'no description' };
}

/** Throws a CudaError unless `code` is CUDA_SUCCESS. */
export function check(call: string, code: number): void {
  if (code === 0) return;
  const { name, description } = describe(code);
  throw new CudaError(call, code, name, description);
}

/** A driver function by name, for callers that keep it (a launch looks nothing up). */
export function driverFunction(name: string): Fn {
  const fn = driver()[name];
  if (!fn) throw new Error(`gpuc: the CUDA driver has no ${name}`);
  return fn;
}

/** A driver function of `OPTIONAL_DECLARATIONS`, or undefined where the driver has none. */
export function optionalDriverFunction(name: string): Fn | undefined {
  return driver()[name];
}

/** A handle (a context, module, function, stream) as the integer calls like `cuLaunchKernel` take. */
export function handleAddress(handle: unknown): bigint {
  return koffi().address(handle);
}

/** Calls a driver function and checks its result. */
export function call(name: string, ...args: unknown[]): void {
  check(name, driverFunction(name)(...args));
}

/** Whether a CUDA driver and at least one device are present (never throws). */
export function hasCudaDevice(): boolean {
  try {
    const count = [0];
    call('cuDeviceGetCount', count);
    return (count[0] ?? 0) > 0;
  } catch {
    return false;
  }
}
