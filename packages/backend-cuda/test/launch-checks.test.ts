// Launches refused before any driver call: no GPU is needed to see them.
import { describe, it } from 'vitest';
import { expectLaunchRefusals, type Launch } from '../../core/test/launch-refusals.js';
import { launchCuda } from '../src/index.js';

describe('launchCuda checks before it opens a device', () => {
  it('refuses bad arguments and geometry with coded errors naming the parameter, grid or block', () => {
    expectLaunchRefusals(launchCuda as Launch);
  });
});
