import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    llvm: 'src/llvm/index.ts',
    host: 'src/host/index.ts',
    ffi: 'src/host/ffi.ts',
    compiler: 'src/entry/compiler.ts',
    launch: 'src/entry/launch.ts',
    tools: 'src/entry/tools.ts',
    cli: 'src/cli/gpuc.ts',
  }),
);
