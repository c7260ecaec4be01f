// The kernels of bench/native as plain C with OpenMP, the same algorithm over the same index
// space: `reference <kernel> <runs>` prints each run's milliseconds, space-separated, on one line,
// and on a second the CPU time each run took (of every thread; unlike the wall clock, it does not
// grow while other processes hold the cores).
// Built by run.ts with gcc -O3 -march=native -fopenmp.
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void mandelbrot(int *image, int width, int height, int limit) {
#pragma omp parallel for schedule(dynamic, 1)
  for (int py = 0; py < height; py++)
    for (int px = 0; px < width; px++) {
      double cx = -2.2 + (px * 3.2) / width, cy = -1.2 + (py * 2.4) / height;
      double x = 0.0, y = 0.0;
      int k = 0;
      while (k < limit && x * x + y * y <= 4.0) {
        double t = x * x - y * y + cx;
        y = 2.0 * x * y + cy;
        x = t;
        k++;
      }
      image[py * width + px] = k;
    }
}

static void nbody(const double *pos, const double *vel, double *np, double *nv, int n, double dt) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    double xi = pos[i * 4], yi = pos[i * 4 + 1], zi = pos[i * 4 + 2];
    double ax = 0.0, ay = 0.0, az = 0.0;
    for (int j = 0; j < n; j++) {
      double dx = pos[j * 4] - xi, dy = pos[j * 4 + 1] - yi, dz = pos[j * 4 + 2] - zi;
      double d2 = dx * dx + dy * dy + dz * dz + 0.01;
      double inv = 1.0 / sqrt(d2);
      double s = pos[j * 4 + 3] * inv * inv * inv;
      ax += dx * s;
      ay += dy * s;
      az += dz * s;
    }
    double vx = vel[i * 3] + ax * dt, vy = vel[i * 3 + 1] + ay * dt, vz = vel[i * 3 + 2] + az * dt;
    nv[i * 3] = vx;
    nv[i * 3 + 1] = vy;
    nv[i * 3 + 2] = vz;
    np[i * 4] = xi + vx * dt;
    np[i * 4 + 1] = yi + vy * dt;
    np[i * 4 + 2] = zi + vz * dt;
    np[i * 4 + 3] = pos[i * 4 + 3];
  }
}

static void matmul(const float *a, const float *b, float *c, int n) {
#pragma omp parallel for
  for (int row = 0; row < n; row++)
    for (int col = 0; col < n; col++) {
      float acc = 0.0f;
      for (int k = 0; k < n; k++) acc += a[row * n + k] * b[k * n + col];
      c[row * n + col] = acc;
    }
}

static void saxpy(float a, const float *x, float *y, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i];
}

static void stencil(const float *a, float *b, int n) {
#pragma omp parallel for
  for (int y = 1; y < n - 1; y++)
    for (int x = 1; x < n - 1; x++) {
      int i = y * n + x;
      b[i] = (a[i - n - 1] + a[i - n] + a[i - n + 1] + a[i - 1] + a[i] + a[i + 1] + a[i + n - 1] + a[i + n] +
              a[i + n + 1]) /
             9;
    }
}

static float *floats(size_t count) {
  float *p = malloc(count * sizeof(float));
  for (size_t i = 0; i < count; i++) p[i] = (float)((i * 7) % 13) - 6.0f;
  return p;
}

/* The process's CPU time, every thread's, in milliseconds. */
static double cpu_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

#define TIME(call)                                                  \
  double cpu[runs];                                                 \
  for (int r = 0; r < runs + 1; r++) {                              \
    double start = omp_get_wtime(), startCpu = cpu_ms();            \
    call;                                                           \
    double ms = (omp_get_wtime() - start) * 1e3;                    \
    /* The first run warms the code and caches up. */              \
    if (r > 0) {                                                    \
      printf("%s%.4f", r > 1 ? " " : "", ms);                       \
      cpu[r - 1] = cpu_ms() - startCpu;                             \
    }                                                               \
  }                                                                 \
  printf("\n");                                                     \
  for (int r = 0; r < runs; r++) printf("%s%.4f", r > 0 ? " " : "", cpu[r]);

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  const char *name = argv[1];
  int runs = atoi(argv[2]);
  if (!strcmp(name, "mandelbrot")) {
    int side = 1024;
    int *image = calloc((size_t)side * side, sizeof(int));
    TIME(mandelbrot(image, side, side, 256));
  } else if (!strcmp(name, "nbody")) {
    int n = 4096;
    double *pos = malloc(sizeof(double) * n * 4), *vel = malloc(sizeof(double) * n * 3);
    double *np = calloc(n * 4, sizeof(double)), *nv = calloc(n * 3, sizeof(double));
    for (int i = 0; i < n * 4; i++) pos[i] = sin(i * 0.37) + (i % 4 == 3 ? 2.0 : 0.0);
    for (int i = 0; i < n * 3; i++) vel[i] = cos(i * 0.11) * 0.1;
    TIME(nbody(pos, vel, np, nv, n, 0.001));
  } else if (!strcmp(name, "matmul")) {
    int n = 512;
    float *a = floats(n * n), *b = floats(n * n), *c = floats(n * n);
    TIME(matmul(a, b, c, n));
  } else if (!strcmp(name, "saxpy")) {
    int n = 1 << 24;
    float *x = floats(n), *y = floats(n);
    TIME(saxpy(2.0f, x, y, n));
  } else if (!strcmp(name, "stencil")) {
    int n = 2048;
    float *a = floats((size_t)n * n), *b = floats((size_t)n * n);
    TIME(stencil(a, b, n));
  } else
    return 2;
  printf("\n");
  return 0;
}
