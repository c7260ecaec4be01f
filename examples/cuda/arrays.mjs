// The CUDA README's array example: map, sum, max and sort on DeviceArrays of the GPU.

import { cudaArrays, DeviceArray } from '@gpuc/backend-cuda';

const cuda = cudaArrays(); // the default device (or cudaArrays(CudaDevice.get(1)))
const dx = DeviceArray.from(Float32Array.from([3, -1, 4, 1]));
const squares = cuda.map((x) => x * x, dx); // a DeviceArray
console.log(cuda.sum(squares), cuda.max(dx)); // 27 4
console.log(cuda.sort(dx).read()); // Float32Array(4) [ -1, 1, 3, 4 ]
