/**
 * The sample kernel for Metal: every argument is a buffer (scalars by reference in the constant
 * address space) and the element index is the thread's position in the grid, a parameter the
 * hardware fills in.
 */
import {
  buildSaxpy,
  type LLVMContext,
  type Module,
  type SampleABI,
  type TargetDescription,
} from '@gpuc/core';
import { type AirArgument, markKernel } from './air.js';
import { AddressSpace } from './target.js';

const scalar = (name: string, location: number, typeName: string): AirArgument => ({
  kind: 'buffer',
  name,
  location,
  addressSpace: AddressSpace.constant,
  access: 'read',
  typeName,
  typeSize: 4,
  typeAlign: 4,
  bufferSize: 4,
});

const array = (name: string, location: number, access: 'read' | 'read_write'): AirArgument => ({
  kind: 'buffer',
  name,
  location,
  addressSpace: AddressSpace.device,
  access,
  typeName: 'float',
  typeSize: 4,
  typeAlign: 4,
});

const metalSample: SampleABI = {
  arrayAddressSpace: AddressSpace.device,
  scalarReferenceAddressSpace: AddressSpace.constant,
  index: { kind: 'parameter', name: 'thread_position_in_grid' },
  markKernel: (module, kernel) =>
    markKernel(module, kernel, [
      scalar('a', 0, 'float'),
      array('x', 1, 'read'),
      array('y', 2, 'read_write'),
      scalar('n', 3, 'int'),
      { kind: 'input', name: 'i', attribute: 'thread_position_in_grid', typeName: 'uint' },
    ]),
};

/** The sample module for a Metal target. */
export function buildSample(context: LLVMContext, target: TargetDescription): Module {
  return buildSaxpy(context, target, metalSample);
}
