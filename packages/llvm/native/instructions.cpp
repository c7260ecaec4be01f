// Instructions: placement (erase, move, neighbours), metadata and debug locations, and what
// allocas, loads, stores, calls, phis and switches add.
#include "handles.h"

#include <llvm/IR/CallingConv.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Instructions.h>

namespace gpuc {
namespace {

using namespace llvm;

#define INST_SELF(sig) \
    Call c{info, sig}; \
    Instruction *i = c.self<Instruction>("an Instruction");

Napi::Value parent(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getParent()");
    return wrapValue(c.env(), i->getParent());
}

Napi::Value function(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getFunction()");
    return wrapValue(c.env(), i->getParent() ? i->getFunction() : nullptr);
}

Napi::Value module(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getModule()");
    return wrapModule(c.env(), i->getParent() && i->getFunction() ? i->getModule() : nullptr);
}

Napi::Value opcode(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getOpcode()");
    return Napi::Number::New(c.env(), i->getOpcode());
}

Napi::Value opcodeName(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getOpcodeName()");
    return Napi::String::New(c.env(), i->getOpcodeName());
}

Napi::Value eraseFromParent(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.eraseFromParent()");
    if (i->getParent() == nullptr) c.fail("the instruction is in no block");
    if (!i->use_empty()) c.fail("the instruction is still used");
    i->eraseFromParent();
    return c.env().Undefined();
}

Napi::Value removeFromParent(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.removeFromParent()");
    if (i->getParent() == nullptr) c.fail("the instruction is in no block");
    i->removeFromParent();
    return c.env().Undefined();
}

Napi::Value moveBefore(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.moveBefore(other)");
    auto *other = c.arg<Instruction>(0, "an Instruction");
    if (other == i) c.fail("an instruction cannot move before itself");
    if (other->getParent() == nullptr) c.fail("the other instruction is in no block");
    if (i->getParent() == nullptr) c.fail("the instruction is in no block");
    if (other->getFunction() != i->getFunction()) c.fail("the instructions are in different functions");
    i->moveBefore(other->getIterator());
    return c.env().Undefined();
}

Napi::Value insertBefore(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.insertBefore(other)");
    auto *other = c.arg<Instruction>(0, "an Instruction");
    if (i->getParent() != nullptr) c.fail("the instruction is already in a block");
    if (other->getParent() == nullptr) c.fail("the other instruction is in no block");
    i->insertBefore(other->getIterator());
    return c.env().Undefined();
}

Napi::Value nextNode(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getNextNode()");
    return wrapValue(c.env(), i->getParent() ? i->getNextNode() : nullptr);
}

Napi::Value prevNode(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getPrevNode()");
    return wrapValue(c.env(), i->getParent() ? i->getPrevNode() : nullptr);
}

Napi::Value setMetadata(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.setMetadata(kind, node)");
    std::string kind = c.string(0);
    MDNode *node = nullptr;
    if (c.has(1) && !info[1].IsNull()) {
        node = dyn_cast<MDNode>(c.metadata(c.at(1)));
        if (node == nullptr) c.fail("argument 2 must be an MDNode or null");
        if (&node->getContext() != &i->getContext()) c.fail("the node lives in another context");
    }
    unsigned id = i->getContext().getMDKindID(kind);
    if (id == LLVMContext::MD_dbg && node && !isa<DILocation>(node)) c.fail("!dbg takes a DILocation");
    i->setMetadata(id, node);
    return c.env().Undefined();
}

Napi::Value getMetadata(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getMetadata(kind)");
    return wrapMetadata(c.env(), i->getMetadata(c.string(0)));
}

Napi::Value debugLocation(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.getDebugLocation()");
    const DebugLoc &loc = i->getDebugLoc();
    if (!loc) return c.env().Null();
    auto out = Napi::Object::New(c.env());
    out.Set("line", loc.getLine());
    out.Set("column", loc.getCol());
    auto *scope = dyn_cast_or_null<DIScope>(loc.getScope());
    out.Set("file", scope ? scope->getFilename().str() : "");
    return out;
}

Napi::Value setDebugLoc(const Napi::CallbackInfo &info) {
    INST_SELF("Instruction.setDebugLoc(location)");
    if (!c.has(0) || info[0].IsNull()) {
        i->setDebugLoc(DebugLoc());
        return c.env().Undefined();
    }
    auto *loc = dyn_cast<DILocation>(c.metadata(c.at(0)));
    if (loc == nullptr) c.fail("argument 1 must be a DILocation or null");
    i->setDebugLoc(DebugLoc(loc));
    return c.env().Undefined();
}

Napi::Value allocatedType(const Napi::CallbackInfo &info) {
    Call c{info, "AllocaInst.getAllocatedType()"};
    return wrapType(c.env(), c.self<AllocaInst>("an AllocaInst")->getAllocatedType());
}

unsigned orderingArg(Call &c, size_t i) {
    unsigned o = c.unsignedInt(i);
    if (o > static_cast<unsigned>(AtomicOrdering::LAST) || o == 3) c.fail("unknown atomic ordering");
    return o;
}

// Sync scopes by name: "" is the system scope, "singlethread" the thread, others the target's.
SyncScope::ID scopeArg(Call &c, LLVMContext &ctx, size_t i) {
    std::string scope = c.optString(i);
    if (scope.empty()) return SyncScope::System;
    if (scope == "singlethread") return SyncScope::SingleThread;
    return ctx.getOrInsertSyncScopeID(scope);
}

template<typename T> Napi::Value setAtomic(const Napi::CallbackInfo &info) {
    Call c{info, "setAtomic(ordering, syncScope?)"};
    T *i = c.self<T>(std::is_same_v<T, LoadInst> ? "a LoadInst" : "a StoreInst");
    auto ordering = static_cast<AtomicOrdering>(orderingArg(c, 0));
    if (std::is_same_v<T, LoadInst> && (ordering == AtomicOrdering::Release || ordering == AtomicOrdering::AcquireRelease)) {
        c.fail("a load cannot have Release or AcquireRelease ordering");
    }
    if (std::is_same_v<T, StoreInst> && (ordering == AtomicOrdering::Acquire || ordering == AtomicOrdering::AcquireRelease)) {
        c.fail("a store cannot have Acquire or AcquireRelease ordering");
    }
    i->setAtomic(ordering, scopeArg(c, i->getContext(), 1));
    return c.env().Undefined();
}

template<typename T> Napi::Value setVolatile(const Napi::CallbackInfo &info) {
    Call c{info, "setVolatile(isVolatile)"};
    c.self<T>("a load or store")->setVolatile(c.boolean(0));
    return c.env().Undefined();
}

template<typename T> Napi::Value isVolatile(const Napi::CallbackInfo &info) {
    Call c{info, "isVolatile()"};
    return Napi::Boolean::New(c.env(), c.self<T>("a load or store")->isVolatile());
}

template<typename T> Napi::Value setAlignment(const Napi::CallbackInfo &info) {
    Call c{info, "setAlignment(bytes)"};
    T *i = c.self<T>("a load, store or alloca");
    unsigned bytes = c.unsignedInt(0);
    if (bytes == 0 || (bytes & (bytes - 1)) != 0) c.fail("the alignment must be a power of two");
    i->setAlignment(Align(bytes));
    return c.env().Undefined();
}

template<typename T> Napi::Value getAlignment(const Napi::CallbackInfo &info) {
    Call c{info, "getAlignment()"};
    return Napi::Number::New(c.env(), static_cast<double>(c.self<T>("a load, store or alloca")->getAlign().value()));
}

#define CALL_SELF(sig) \
    Call c{info, sig}; \
    CallBase *call = c.self<CallBase>("a call");

Napi::Value calledFunction(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.getCalledFunction()");
    return wrapValue(c.env(), call->getCalledFunction());
}

Napi::Value calledOperand(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.getCalledOperand()");
    return wrapValue(c.env(), call->getCalledOperand());
}

Napi::Value setCalledOperand(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.setCalledOperand(callee)");
    Value *callee = c.valueArg(0);
    if (!callee->getType()->isPointerTy()) c.fail("the callee must be a pointer (a function)");
    if (auto *f = dyn_cast<Function>(callee); f && f->getFunctionType() != call->getFunctionType()) {
        c.fail("the new callee's type differs from the call's");
    }
    call->setCalledOperand(callee);
    return c.env().Undefined();
}

Napi::Value argSize(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.arg_size()");
    return Napi::Number::New(c.env(), call->arg_size());
}

Napi::Value argOperand(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.getArgOperand(index)");
    unsigned i = c.unsignedInt(0);
    if (i >= call->arg_size()) c.fail("argument index out of range");
    return wrapValue(c.env(), call->getArgOperand(i));
}

Napi::Value setArgOperand(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.setArgOperand(index, value)");
    unsigned i = c.unsignedInt(0);
    if (i >= call->arg_size()) c.fail("argument index out of range");
    Value *v = c.valueArg(1);
    if (v->getType() != call->getArgOperand(i)->getType()) c.fail("the argument has another type");
    call->setArgOperand(i, v);
    return c.env().Undefined();
}

Napi::Value callGetCC(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.getCallingConv()");
    return Napi::Number::New(c.env(), call->getCallingConv());
}

Napi::Value callSetCC(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.setCallingConv(cc)");
    unsigned cc = c.unsignedInt(0);
    if (cc > CallingConv::MaxID) c.fail("unknown calling convention");
    call->setCallingConv(cc);
    return c.env().Undefined();
}

Napi::Value isInlineAsm(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.isInlineAsm()");
    return Napi::Boolean::New(c.env(), call->isInlineAsm());
}

Napi::Value callFunctionType(const Napi::CallbackInfo &info) {
    CALL_SELF("CallInst.getFunctionType()");
    return wrapType(c.env(), call->getFunctionType());
}

Napi::Value isTailCall(const Napi::CallbackInfo &info) {
    Call c{info, "CallInst.isTailCall()"};
    return Napi::Boolean::New(c.env(), c.self<CallInst>("a CallInst")->isTailCall());
}

Napi::Value setTailCall(const Napi::CallbackInfo &info) {
    Call c{info, "CallInst.setTailCall(isTail)"};
    c.self<CallInst>("a CallInst")->setTailCall(c.boolean(0));
    return c.env().Undefined();
}

Napi::Value getTailCallKind(const Napi::CallbackInfo &info) {
    Call c{info, "CallInst.getTailCallKind()"};
    return Napi::Number::New(c.env(), c.self<CallInst>("a CallInst")->getTailCallKind());
}

Napi::Value setTailCallKind(const Napi::CallbackInfo &info) {
    Call c{info, "CallInst.setTailCallKind(kind)"};
    auto *call = c.self<CallInst>("a CallInst");
    unsigned k = c.unsignedInt(0);
    if (k > CallInst::TCK_NoTail) c.fail("unknown tail-call kind");
    call->setTailCallKind(static_cast<CallInst::TailCallKind>(k));
    return c.env().Undefined();
}

Napi::Value addIncoming(const Napi::CallbackInfo &info) {
    Call c{info, "PHINode.addIncoming(value, block)"};
    auto *phi = c.self<PHINode>("a PHINode");
    Value *v = c.valueArg(0);
    auto *block = c.arg<BasicBlock>(1, "a BasicBlock");
    if (v->getType() != phi->getType()) c.fail("the incoming value's type differs from the phi's");
    phi->addIncoming(v, block);
    return c.env().Undefined();
}

Napi::Value addCase(const Napi::CallbackInfo &info) {
    Call c{info, "SwitchInst.addCase(value, block)"};
    auto *sw = c.self<SwitchInst>("a SwitchInst");
    auto *value = c.arg<ConstantInt>(0, "a ConstantInt");
    auto *block = c.arg<BasicBlock>(1, "a BasicBlock");
    if (value->getType() != sw->getCondition()->getType()) c.fail("the case value's type differs from the condition's");
    if (sw->findCaseValue(value) != sw->case_default()) c.fail("duplicate case value");
    sw->addCase(value, block);
    return c.env().Undefined();
}

}  // namespace

void registerInstructions(Registry &r) {
    r.method("Instruction", "getParent", parent);
    r.method("Instruction", "getFunction", function);
    r.method("Instruction", "getModule", module);
    r.method("Instruction", "getOpcode", opcode);
    r.method("Instruction", "getOpcodeName", opcodeName);
    r.method("Instruction", "eraseFromParent", eraseFromParent);
    r.method("Instruction", "removeFromParent", removeFromParent);
    r.method("Instruction", "moveBefore", moveBefore);
    r.method("Instruction", "insertBefore", insertBefore);
    r.method("Instruction", "getNextNode", nextNode);
    r.method("Instruction", "getPrevNode", prevNode);
    r.method("Instruction", "setMetadata", setMetadata);
    r.method("Instruction", "getMetadata", getMetadata);
    r.method("Instruction", "getDebugLocation", debugLocation);
    r.method("Instruction", "setDebugLoc", setDebugLoc);
    r.method("AllocaInst", "getAllocatedType", allocatedType);
    r.method("AllocaInst", "setAlignment", setAlignment<AllocaInst>);
    r.method("AllocaInst", "getAlignment", getAlignment<AllocaInst>);
    r.method("LoadInst", "setAtomic", setAtomic<LoadInst>);
    r.method("LoadInst", "setVolatile", setVolatile<LoadInst>);
    r.method("LoadInst", "isVolatile", isVolatile<LoadInst>);
    r.method("LoadInst", "setAlignment", setAlignment<LoadInst>);
    r.method("LoadInst", "getAlignment", getAlignment<LoadInst>);
    r.method("StoreInst", "setAtomic", setAtomic<StoreInst>);
    r.method("StoreInst", "setVolatile", setVolatile<StoreInst>);
    r.method("StoreInst", "isVolatile", isVolatile<StoreInst>);
    r.method("StoreInst", "setAlignment", setAlignment<StoreInst>);
    r.method("StoreInst", "getAlignment", getAlignment<StoreInst>);
    r.method("CallInst", "getCalledFunction", calledFunction);
    r.method("CallInst", "getCalledOperand", calledOperand);
    r.method("CallInst", "setCalledOperand", setCalledOperand);
    r.method("CallInst", "arg_size", argSize);
    r.method("CallInst", "getArgOperand", argOperand);
    r.method("CallInst", "setArgOperand", setArgOperand);
    r.method("CallInst", "getCallingConv", callGetCC);
    r.method("CallInst", "setCallingConv", callSetCC);
    r.method("CallInst", "isInlineAsm", isInlineAsm);
    r.method("CallInst", "getFunctionType", callFunctionType);
    r.method("CallInst", "isTailCall", isTailCall);
    r.method("CallInst", "setTailCall", setTailCall);
    r.method("CallInst", "getTailCallKind", getTailCallKind);
    r.method("CallInst", "setTailCallKind", setTailCallKind);
    r.method("PHINode", "addIncoming", addIncoming);
    r.method("SwitchInst", "addCase", addCase);
    r.constants("AtomicOrdering", {{"NotAtomic", 0},
                                   {"Unordered", 1},
                                   {"Monotonic", 2},
                                   {"Acquire", 4},
                                   {"Release", 5},
                                   {"AcquireRelease", 6},
                                   {"SequentiallyConsistent", 7}});
    r.constants("TailCallKind", {{"TCK_None", CallInst::TCK_None},
                                 {"TCK_Tail", CallInst::TCK_Tail},
                                 {"TCK_MustTail", CallInst::TCK_MustTail},
                                 {"TCK_NoTail", CallInst::TCK_NoTail}});
    r.constants("AtomicRMWBinOp", {{"Xchg", AtomicRMWInst::Xchg},
                                   {"Add", AtomicRMWInst::Add},
                                   {"Sub", AtomicRMWInst::Sub},
                                   {"And", AtomicRMWInst::And},
                                   {"Nand", AtomicRMWInst::Nand},
                                   {"Or", AtomicRMWInst::Or},
                                   {"Xor", AtomicRMWInst::Xor},
                                   {"Max", AtomicRMWInst::Max},
                                   {"Min", AtomicRMWInst::Min},
                                   {"UMax", AtomicRMWInst::UMax},
                                   {"UMin", AtomicRMWInst::UMin},
                                   {"FAdd", AtomicRMWInst::FAdd},
                                   {"FSub", AtomicRMWInst::FSub},
                                   {"FMax", AtomicRMWInst::FMax},
                                   {"FMin", AtomicRMWInst::FMin}});
}

}  // namespace gpuc
