// A stand-in for libcuda.so.1 whose every function succeeds at once and does nothing, for
// bench/cuda/launch-host.ts: what a launch costs on the host up to the driver, on a machine
// without a GPU. Only what gpuc calls on the way to a launch is here.
#include <stdint.h>
#include <string.h>
#define OK(name, ...) int name(__VA_ARGS__) { return 0; }
OK(cuInit, unsigned f)
int cuDriverGetVersion(int *v) { *v = 12040; return 0; }
int cuDeviceGetCount(int *c) { *c = 1; return 0; }
int cuDeviceGet(int *d, int o) { *d = 0; return 0; }
int cuDeviceGetName(char *n, int l, int d) { strncpy(n, "fake", l); return 0; }
int cuDeviceGetAttribute(int *v, int a, int d) { *v = a == 75 ? 9 : a == 1 ? 1024 : a == 97 ? 232448 : a==16?132: 65535; return 0; }
int cuDeviceTotalMem_v2(uint64_t *b, int d) { *b = 1ull<<34; return 0; }
static int ctx; int cuDevicePrimaryCtxRetain(void **c, int d) { *c = &ctx; return 0; }
OK(cuCtxSetCurrent, void *c) OK(cuCtxSynchronize, void)
static uint64_t next = 0x10000; int cuMemAlloc_v2(uint64_t *p, size_t b) { *p = next; next += (b + 255) & ~255ull; return 0; }
OK(cuMemFree_v2, uint64_t p) OK(cuMemcpyHtoD_v2, uint64_t d, const void *s, size_t b) OK(cuMemcpyDtoH_v2, void *d, uint64_t s, size_t b)
OK(cuMemcpyDtoD_v2, uint64_t d, uint64_t s, size_t b) OK(cuMemcpyHtoDAsync_v2, uint64_t d, const void *s, size_t b, void *st)
OK(cuMemcpyDtoHAsync_v2, void *d, uint64_t s, size_t b, void *st) OK(cuMemsetD8_v2, uint64_t d, unsigned char v, size_t c)
static char host[1<<16]; int cuMemHostAlloc(void **p, size_t b, unsigned f) { *p = host; return 0; }
OK(cuMemFreeHost, void *p) int cuMemHostGetDevicePointer_v2(uint64_t *d, void *h, unsigned f) { *d = 0x1000; return 0; }
static int mod; int cuModuleLoadDataEx(void **m, const char *i, unsigned c, int *o, void **v) { *m = &mod; return 0; }
int cuModuleLoadData(void **m, const void *i) { *m = &mod; return 0; }
OK(cuModuleUnload, void *m)
static int fn; int cuModuleGetFunction(void **f, void *m, const char *n) { *f = &fn; return 0; }
int cuModuleGetGlobal_v2(uint64_t *p, size_t *b, void *m, const char *n) { *p = 0x2000; *b = 8; return 0; }
int cuFuncGetAttribute(int *v, int a, void *f) { *v = a == 0 ? 1024 : 0; return 0; }
OK(cuFuncSetAttribute, void *f, int a, int v)
OK(cuLaunchKernel, void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned s, void *st, void **p, void **e)
static int stream; int cuStreamCreate(void **s, unsigned f) { *s = &stream; return 0; }
OK(cuStreamSynchronize, void *s) OK(cuStreamDestroy_v2, void *s) OK(cuStreamQuery, void *s)
static int event; int cuEventCreate(void **e, unsigned f) { *e = &event; return 0; }
OK(cuEventRecord, void *e, void *s) OK(cuEventSynchronize, void *e) OK(cuEventQuery, void *e) OK(cuEventDestroy_v2, void *e)
int cuEventElapsedTime(float *ms, void *a, void *b) { *ms = 0; return 0; }
int cuGetErrorName(int e, const char **n) { *n = "CUDA_ERROR_FAKE"; return 0; }
int cuGetErrorString(int e, const char **n) { *n = "fake"; return 0; }
int cuOccupancyMaxPotentialBlockSize(int *g, int *b, void *f, void *s, size_t bytes, int limit) { *g = 132; *b = 1024; return 0; }
