/**
 * Names for the LLVM classes gpuc works with, so that other modules need not import the bindings.
 */
import type * as L from '@gpuc/llvm';

export type LLVMContext = L.LLVMContext;
export type Module = L.Module;
export type Type = L.Type;
export type IntegerType = L.IntegerType;
export type PointerType = L.PointerType;
export type StructType = L.StructType;
export type Value = L.Value;
export type Constant = L.Constant;
export type LLVMFunction = L.Function;
export type GlobalVariable = L.GlobalVariable;
export type BasicBlock = L.BasicBlock;
export type Instruction = L.Instruction;
export type IRBuilder = L.IRBuilder;
export type TargetMachine = L.TargetMachine;
export type Metadata = L.Metadata;
export type MDNode = L.MDNode;
export type MDString = L.MDString;
export type ValueAsMetadata = L.ValueAsMetadata;
export type ConstantAsMetadata = L.ConstantAsMetadata;
export type NamedMDNode = L.NamedMDNode;
export type ConstantInt = L.ConstantInt;
export type ConstantFP = L.ConstantFP;
export type ConstantExpr = L.ConstantExpr;
export type CallInst = L.CallInst;
export type InstructionSummary = L.InstructionSummary;
export type AllocaInst = L.AllocaInst;
export type LoadInst = L.LoadInst;
export type StoreInst = L.StoreInst;
export type FunctionCallee = L.FunctionCallee;
export type PHINode = L.PHINode;
export type DIBuilder = L.DIBuilder;
export type DIFile = L.DIFile;
export type DISubprogram = L.DISubprogram;
export type DILocation = L.DILocation;
