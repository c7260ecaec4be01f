// The CUDA C side of bench/cuda: the same kernels as bench/cuda/cases.ts, built with
// `nvcc -O3`, on the same sizes and data, each timed with events (median of the timed runs).
// Prints one JSON object: kernel milliseconds, the device-to-device copy bandwidth, and the host
// time of one driver launch of an empty kernel.
#include <cuda.h>
#include <cuda_runtime.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#define CHECK(call)                                                                         \
  do {                                                                                      \
    cudaError_t e = (call);                                                                 \
    if (e != cudaSuccess) {                                                                 \
      fprintf(stderr, "%s:%d %s: %s\n", __FILE__, __LINE__, #call, cudaGetErrorString(e)); \
      return 1;                                                                             \
    }                                                                                       \
  } while (0)

__global__ void saxpy(float a, const float *x, float *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

// saxpy as CUDA C users speed it up: one float4 (a 128-bit load or store) per access.
__global__ void saxpy4(float a, const float4 *x, float4 *y, int n4) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n4) {
    float4 xv = x[i], yv = y[i];
    yv.x = a * xv.x + yv.x;
    yv.y = a * xv.y + yv.y;
    yv.z = a * xv.z + yv.z;
    yv.w = a * xv.w + yv.w;
    y[i] = yv;
  }
}

__global__ void reduce(const float *x, float *partial, int n) {
  __shared__ float tile[256];
  int t = threadIdx.x;
  float v = 0;
  for (int i = blockIdx.x * blockDim.x + t; i < n; i += blockDim.x * gridDim.x) v += x[i];
  tile[t] = v;
  __syncthreads();
  for (int s = 128; s > 0; s >>= 1) {
    if (t < s) tile[t] += tile[t + s];
    __syncthreads();
  }
  if (t == 0) partial[blockIdx.x] = tile[0];
}

__global__ void stencil(const float *src, float *dst, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < 1 || y < 1 || x >= w - 1 || y >= h - 1) return;
  int c = y * w + x;
  dst[c] = 0.2f * (src[c] + src[c - 1] + src[c + 1] + src[c - w] + src[c + w]);
}

__global__ void matmul(const float *a, const float *b, float *c, int n) {
  __shared__ float ta[256];
  __shared__ float tb[256];
  int tx = threadIdx.x, ty = threadIdx.y;
  int row = blockIdx.y * 16 + ty, col = blockIdx.x * 16 + tx;
  float acc = 0;
  for (int k0 = 0; k0 < n; k0 += 16) {
    ta[ty * 16 + tx] = a[row * n + k0 + tx];
    tb[ty * 16 + tx] = b[(k0 + ty) * n + col];
    __syncthreads();
    for (int k = 0; k < 16; k++) acc += ta[ty * 16 + k] * tb[k * 16 + tx];
    __syncthreads();
  }
  c[row * n + col] = acc;
}

__device__ float cnd(float d) {
  const float a1 = 0.31938153f, a2 = -0.356563782f, a3 = 1.781477937f, a4 = -1.821255978f,
              a5 = 1.330274429f;
  float k = 1.0f / (1.0f + 0.2316419f * fabsf(d));
  float poly = k * (a1 + k * (a2 + k * (a3 + k * (a4 + k * a5))));
  float c = 0.3989422804f * expf(-0.5f * d * d) * poly;
  return d > 0 ? 1.0f - c : c;
}

__global__ void blackScholes(const float *s, const float *x, const float *t, float *call, float *put,
                             float r, float v, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float sq = sqrtf(t[i]);
  float d1 = (logf(s[i] / x[i]) + (r + 0.5f * v * v) * t[i]) / (v * sq);
  float d2 = d1 - v * sq;
  float e = x[i] * expf(-r * t[i]);
  call[i] = s[i] * cnd(d1) - e * cnd(d2);
  put[i] = e * (1.0f - cnd(d2)) - s[i] * (1.0f - cnd(d1));
}

__global__ void histogram(const unsigned *data, unsigned *bins, int n) {
  __shared__ unsigned local[256];
  int t = threadIdx.x;
  local[t] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + t; i < n; i += blockDim.x * gridDim.x) atomicAdd(&local[data[i] & 255], 1u);
  __syncthreads();
  atomicAdd(&bins[t], local[t]);
}

__global__ void empty(float *) {}

// Each sample times `reps` launches queued back to back, so that the host's time to issue a
// launch is not measured as the GPU's idle time; the result is per launch.
static const int reps = 10;

template <typename Launch>
static float median_ms(Launch launch, int warmup, int runs) {
  cudaEvent_t start, end;
  cudaEventCreate(&start);
  cudaEventCreate(&end);
  std::vector<float> times;
  for (int r = 0; r < warmup + runs; r++) {
    cudaEventRecord(start);
    for (int k = 0; k < reps; k++) launch();
    cudaEventRecord(end);
    cudaEventSynchronize(end);
    float ms;
    cudaEventElapsedTime(&ms, start, end);
    if (r >= warmup) times.push_back(ms / reps);
  }
  std::sort(times.begin(), times.end());
  cudaEventDestroy(start);
  cudaEventDestroy(end);
  return times[times.size() / 2];
}

static std::vector<float> pattern(size_t n, float scale, float offset) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; i++) v[i] = offset + scale * (float)((i * 7919) % 1000) / 1000.0f;
  return v;
}

template <typename T>
static T *device(const std::vector<T> &host) {
  T *p;
  cudaMalloc(&p, host.size() * sizeof(T));
  cudaMemcpy(p, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice);
  return p;
}

int main() {
  const int warmup = 3, runs = 20;
  const int n = 1 << 28;
  CHECK(cudaFree(0));
  printf("{");

  float *x = device(pattern(n, 1, 0)), *y = device(pattern(n, 2, 1));
  printf("\"saxpy\": %f", median_ms([&] { saxpy<<<n / 256, 256>>>(2.5f, x, y, n); }, warmup, runs));
  printf(", \"saxpy4\": %f",
         median_ms([&] { saxpy4<<<n / 4 / 256, 256>>>(2.5f, (const float4 *)x, (float4 *)y, n / 4); }, warmup,
                   runs));

  float *partial;
  CHECK(cudaMalloc(&partial, 4096 * sizeof(float)));
  printf(", \"reduction\": %f", median_ms([&] { reduce<<<4096, 256>>>(x, partial, n); }, warmup, runs));

  const int w = 8192, h = 8192;
  float *src = device(pattern((size_t)w * h, 1, 0)), *dst;
  CHECK(cudaMalloc(&dst, (size_t)w * h * sizeof(float)));
  printf(", \"stencil\": %f",
         median_ms([&] { stencil<<<dim3(w / 16, h / 16), dim3(16, 16)>>>(src, dst, w, h); }, warmup, runs));

  const int m = 2048;
  float *a = device(pattern((size_t)m * m, 1, -0.5f)), *b = device(pattern((size_t)m * m, 1, -0.5f)), *c;
  CHECK(cudaMalloc(&c, (size_t)m * m * sizeof(float)));
  printf(", \"matmul\": %f",
         median_ms([&] { matmul<<<dim3(m / 16, m / 16), dim3(16, 16)>>>(a, b, c, m); }, warmup, runs));

  const int options = 1 << 24;
  float *s = device(pattern(options, 95, 5)), *k = device(pattern(options, 95, 5)), *t = device(pattern(options, 9.75f, 0.25f));
  float *call, *put;
  CHECK(cudaMalloc(&call, options * sizeof(float)));
  CHECK(cudaMalloc(&put, options * sizeof(float)));
  printf(", \"black-scholes\": %f",
         median_ms([&] { blackScholes<<<options / 256, 256>>>(s, k, t, call, put, 0.02f, 0.30f, options); },
                   warmup, runs));

  std::vector<unsigned> values(n);
  for (int i = 0; i < n; i++) values[i] = (unsigned)((i * 2654435761u) >> 7);
  unsigned *data = device(values), *bins;
  CHECK(cudaMalloc(&bins, 256 * sizeof(unsigned)));
  printf(", \"histogram\": %f",
         median_ms([&] { histogram<<<1024, 256>>>(data, bins, n); }, warmup, runs));

  // Bandwidth: a device-to-device copy of 1 GiB, counting the bytes read and written.
  const size_t bytes = (size_t)n * sizeof(float);
  float *from, *to;
  CHECK(cudaMalloc(&from, bytes));
  CHECK(cudaMalloc(&to, bytes));
  float copy = median_ms([&] { cudaMemcpy(to, from, bytes, cudaMemcpyDeviceToDevice); }, warmup, runs);
  printf(", \"copy-GBps\": %f", 2.0 * bytes / (copy * 1e6));

  // Host time of one launch through the driver API, as gpuc launches: 10000 empty kernels.
  CUfunction fn;
  CHECK(cudaGetFuncBySymbol((cudaFunction_t *)&fn, (const void *)empty));
  void *arg = x;
  void *params[] = {&arg};
  for (int i = 0; i < 100; i++) cuLaunchKernel(fn, 1, 1, 1, 32, 1, 1, 0, nullptr, params, nullptr);
  cudaDeviceSynchronize();
  auto begin = std::chrono::steady_clock::now();
  const int launches = 10000;
  for (int i = 0; i < launches; i++) cuLaunchKernel(fn, 1, 1, 1, 32, 1, 1, 0, nullptr, params, nullptr);
  auto issued = std::chrono::steady_clock::now();
  cudaDeviceSynchronize();
  printf(", \"launch-us\": %f",
         std::chrono::duration<double, std::micro>(issued - begin).count() / launches);
  printf("}\n");
  return 0;
}
