// Time to a first kernel in a new process from C through the driver API, the steps of
// first-kernel.mjs: cuInit, the primary context, the module (a cubin, or PTX for the driver's
// JIT), saxpy over 2^16 elements and the copy back. Prints one JSON line of milliseconds since
// main began at the end of each phase, and when main began (origin: ms since the epoch, as
// first-kernel.mjs gives Node's time origin); bench/cuda/first-kernels.ts times whole processes
// from outside.
//
//   first-kernel <image.cubin|image.ptx> <entry>
#include <cuda.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

#define CHECK(call)                                                 \
  do {                                                              \
    CUresult r = (call);                                            \
    if (r != CUDA_SUCCESS) {                                        \
      fprintf(stderr, "%s failed: %d\n", #call, (int)r);            \
      return 1;                                                     \
    }                                                               \
  } while (0)

// gpuc passes an f32[] as { pointer, i32 length } (core's argumentLayout).
struct array {
  CUdeviceptr pointer;
  int length;
};

int main(int argc, char **argv) {
  double start = now_ms();
  struct timespec epoch;
  clock_gettime(CLOCK_REALTIME, &epoch);
  if (argc < 3) return 2;
  FILE *file = fopen(argv[1], "rb");
  if (!file) return 2;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *image = calloc(size + 1, 1);
  if (fread(image, 1, size, file) != (size_t)size) return 2;
  fclose(file);

  CHECK(cuInit(0));
  double driver = now_ms();
  CUdevice device;
  CUcontext context;
  CHECK(cuDeviceGet(&device, 0));
  CHECK(cuDevicePrimaryCtxRetain(&context, device));
  CHECK(cuCtxSetCurrent(context));
  double ctx = now_ms();
  CUmodule module;
  CUfunction function;
  CHECK(cuModuleLoadData(&module, image));
  CHECK(cuModuleGetFunction(&function, module, argv[2]));
  double loaded = now_ms();

  const int n = 1 << 16;
  float *x = malloc(n * sizeof(float)), *y = malloc(n * sizeof(float));
  for (int i = 0; i < n; i++) x[i] = 1, y[i] = 2;
  struct array dx = {0, n}, dy = {0, n};
  CHECK(cuMemAlloc(&dx.pointer, n * sizeof(float)));
  CHECK(cuMemAlloc(&dy.pointer, n * sizeof(float)));
  CHECK(cuMemcpyHtoD(dx.pointer, x, n * sizeof(float)));
  CHECK(cuMemcpyHtoD(dy.pointer, y, n * sizeof(float)));
  float a = 3;
  void *params[] = {&a, &dx, &dy, (void *)&n};
  CHECK(cuLaunchKernel(function, n / 256, 1, 1, 256, 1, 1, 0, NULL, params, NULL));
  CHECK(cuMemcpyDtoH(y, dy.pointer, n * sizeof(float)));
  double launched = now_ms();
  if (y[0] != 5 || y[n - 1] != 5) {
    fprintf(stderr, "wrong result %f\n", y[0]);
    return 1;
  }
  printf("{\"driver\":%.2f,\"context\":%.2f,\"module\":%.2f,\"launched\":%.2f,\"origin\":%.3f}\n",
         driver - start, ctx - start, loaded - start, launched - start,
         epoch.tv_sec * 1e3 + epoch.tv_nsec / 1e6);
  return 0;
}
