/**
 * Generic validation of the final module, before emission: calls to external functions that no
 * `isIntrinsic` hook accepts, recursion and stack use on targets without a stack, dynamic
 * allocation where the target has none, and types the target lacks. Every problem names its
 * function and, where the line table has it, the kernel's source line.
 */
import { llvm } from '../llvm/load.js';
import type { LLVMFunction, Instruction as LLVMInstruction, Module } from '../llvm/types.js';
import type { Compiler } from './compiler.js';
import type { ValidationProblem } from './hooks.js';
import type { Job } from './job.js';

function located(fn: LLVMFunction, inst: LLVMInstruction | undefined, message: string): ValidationProblem {
  const location = inst?.getDebugLocation();
  return {
    message,
    function: fn.getName(),
    ...(location && location.line > 0
      ? { location: { file: location.file, line: location.line, column: location.column } }
      : {}),
  };
}

export function validateModule(module: Module, job: Job, compiler: Compiler): ValidationProblem[] {
  const l = llvm();
  const problems: ValidationProblem[] = [];
  const { lacks } = job.target;
  const callees = new Map<string, Set<string>>();
  // Only a target without f64 needs every instruction; the other checks, calls and allocas.
  const opcodes = lacks.stack ? ['call', 'alloca'] : ['call'];
  // What a call of each callee found (its problem, or none), asked once per name.
  const verdicts = new Map<string, string | undefined>();
  for (const fn of module.getFunctions()) {
    if (fn.isDeclaration()) continue;
    const calls = new Set<string>();
    callees.set(fn.getName(), calls);
    const instructions = lacks.f64
      ? fn.getBasicBlocks().flatMap((block) => block.getInstructions())
      : fn.findInstructions(opcodes);
    for (const inst of instructions) {
      if (lacks.f64 && usesDouble(inst)) {
        problems.push(located(fn, inst, `uses f64, which ${job.target.name} does not have`));
      }
      if (lacks.stack && inst.getOpcodeName() === 'alloca') {
        problems.push(located(fn, inst, `needs stack memory, which ${job.target.name} does not have`));
      }
      if (!(inst instanceof l.CallInst)) continue;
      const callee = inst.getCalledFunction();
      if (!callee) continue;
      const name = callee.getName();
      calls.add(name);
      if (!verdicts.has(name)) verdicts.set(name, callProblem(callee, job, compiler));
      const problem = verdicts.get(name);
      if (problem !== undefined) problems.push(located(fn, inst, problem));
    }
  }
  if (lacks.recursion) {
    for (const cycle of recursiveFunctions(callees)) {
      const fn = module.getFunction(cycle) as LLVMFunction;
      problems.push(located(fn, undefined, `is recursive, which ${job.target.name} does not support`));
    }
  }
  return problems;
}

/** Whether an instruction makes or reads an f64. */
function usesDouble(inst: LLVMInstruction): boolean {
  return (
    inst.getType().isDoubleTy() ||
    Array.from({ length: inst.getNumOperands() }, (_, i) => inst.getOperand(i)).some((op) =>
      op.getType().isDoubleTy(),
    )
  );
}

/** What is wrong with calling `callee` on the job's target, or undefined when nothing is. */
function callProblem(callee: LLVMFunction, job: Job, compiler: Compiler): string | undefined {
  const name = callee.getName();
  const lacked = compiler.runtime.lacked(name, job.target);
  if (lacked !== undefined) return `${lacked}, which ${job.target.name} does not support`;
  if (
    callee.isDeclaration() &&
    !callee.isIntrinsic() &&
    compiler.hooks.for(job.target.backend).isIntrinsic.call(name, job) !== true
  ) {
    return `calls '${name}', which is not defined and is not an intrinsic of ${job.target.name}`;
  }
  return undefined;
}

/** Functions that can reach themselves through calls. */
function recursiveFunctions(callees: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const result: string[] = [];
  for (const start of callees.keys()) {
    const seen = new Set<string>();
    const stack = [...(callees.get(start) ?? [])];
    while (stack.length > 0) {
      const name = stack.pop() as string;
      if (name === start) {
        result.push(start);
        break;
      }
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(callees.get(name) ?? []));
    }
  }
  return result;
}
