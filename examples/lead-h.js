function k(o, a) { const i = gpu.globalIdx.x; o[i] = Math.hypot(a[i], Number.MAX_VALUE) + Math.hypot(Math.fround(a[i]), Math.fround(3e38)); }
