# The kernels of bench/native with Numba, the same algorithm over the same index space, the
# outer loop a prange: `python3 reference.py <kernel> <runs>` prints each run's milliseconds, and on a
# second line the CPU time each took (every thread's).
import sys
import time

import numpy as np
from numba import njit, prange


@njit(parallel=True, cache=True)
def mandelbrot(image, width, height, limit):
    for py in prange(height):
        for px in range(width):
            cx = -2.2 + (px * 3.2) / width
            cy = -1.2 + (py * 2.4) / height
            x = 0.0
            y = 0.0
            k = 0
            while k < limit and x * x + y * y <= 4.0:
                t = x * x - y * y + cx
                y = 2.0 * x * y + cy
                x = t
                k += 1
            image[py * width + px] = k


@njit(parallel=True, cache=True)
def nbody(pos, vel, np_, nv, n, dt):
    for i in prange(n):
        xi = pos[i * 4]
        yi = pos[i * 4 + 1]
        zi = pos[i * 4 + 2]
        ax = 0.0
        ay = 0.0
        az = 0.0
        for j in range(n):
            dx = pos[j * 4] - xi
            dy = pos[j * 4 + 1] - yi
            dz = pos[j * 4 + 2] - zi
            d2 = dx * dx + dy * dy + dz * dz + 0.01
            inv = 1.0 / np.sqrt(d2)
            s = pos[j * 4 + 3] * inv * inv * inv
            ax += dx * s
            ay += dy * s
            az += dz * s
        vx = vel[i * 3] + ax * dt
        vy = vel[i * 3 + 1] + ay * dt
        vz = vel[i * 3 + 2] + az * dt
        nv[i * 3] = vx
        nv[i * 3 + 1] = vy
        nv[i * 3 + 2] = vz
        np_[i * 4] = xi + vx * dt
        np_[i * 4 + 1] = yi + vy * dt
        np_[i * 4 + 2] = zi + vz * dt
        np_[i * 4 + 3] = pos[i * 4 + 3]


@njit(parallel=True, cache=True)
def matmul(a, b, c, n):
    for row in prange(n):
        for col in range(n):
            acc = np.float32(0.0)
            for k in range(n):
                acc += a[row * n + k] * b[k * n + col]
            c[row * n + col] = acc


@njit(parallel=True, cache=True)
def saxpy(a, x, y, n):
    for i in prange(n):
        y[i] = a * x[i] + y[i]


@njit(parallel=True, cache=True)
def stencil(a, b, n):
    for y in prange(1, n - 1):
        for x in range(1, n - 1):
            i = y * n + x
            b[i] = (a[i - n - 1] + a[i - n] + a[i - n + 1] + a[i - 1] + a[i] + a[i + 1]
                    + a[i + n - 1] + a[i + n] + a[i + n + 1]) / np.float32(9)


def floats(count):
    return ((np.arange(count) * 7) % 13 - 6).astype(np.float32)


def setup(name):
    if name == 'mandelbrot':
        return mandelbrot, (np.zeros(1024 * 1024, np.int32), 1024, 1024, 256)
    if name == 'nbody':
        n = 4096
        pos = np.sin(np.arange(n * 4) * 0.37) + np.where(np.arange(n * 4) % 4 == 3, 2.0, 0.0)
        vel = np.cos(np.arange(n * 3) * 0.11) * 0.1
        return nbody, (pos, vel, np.zeros(n * 4), np.zeros(n * 3), n, 0.001)
    if name == 'matmul':
        n = 512
        return matmul, (floats(n * n), floats(n * n), floats(n * n), n)
    if name == 'saxpy':
        n = 1 << 24
        return saxpy, (np.float32(2.0), floats(n), floats(n), n)
    if name == 'stencil':
        n = 2048
        return stencil, (floats(n * n), floats(n * n), n)
    raise SystemExit(2)


def main():
    kernel, args = setup(sys.argv[1])
    runs = int(sys.argv[2])
    kernel(*args)  # compiles (or loads from the cache) and warms up
    times = []
    cpu = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        kernel(*args)
        times.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    print(' '.join(f'{t:.4f}' for t in times))
    print(' '.join(f'{t:.4f}' for t in cpu))


main()
