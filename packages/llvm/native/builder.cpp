// The IR builder. Each Create method checks its operands (types, kinds, contexts) before LLVM sees
// them, since LLVM's own checks are assertions, absent from release builds.
#include "handles.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/InstrTypes.h>
#include <llvm/IR/Instructions.h>

namespace gpuc {
namespace {

using namespace llvm;
using Builder = IRBuilder<>;

struct B {
    Call c;
    Handle *h;
    Builder *b;
};

// The builder of `this`, checked to still have a live insertion point (when it has one).
B self(const Napi::CallbackInfo &info, const char *sig, bool needsBlock = true) {
    Call c{info, sig};
    Handle *h = c.handle(info.This(), Kind::Builder, "an IRBuilder");
    auto *b = static_cast<Owned<Builder> *>(h->owned.get())->object.get();
    if (b == nullptr) c.fail("the builder's LLVM context was disposed");
    // Only building needs a live insertion point; moving or asking about it does not.
    if (needsBlock) {
        if (b->GetInsertBlock() != nullptr && h->insertBlock == nullptr) {
            c.fail("the builder's block was deleted; set a new insertion point");
        }
        if (h->pointer != nullptr && h->insertPoint == nullptr) {
            c.fail("the builder's insertion point was deleted; set a new one");
        }
        if (b->GetInsertBlock() == nullptr) c.fail("the builder has no insertion point");
    }
    return B{c, h, b};
}

void sameContext(B &s, Value *v) {
    if (&v->getContext() != &s.b->getContext()) s.c.fail("an operand lives in another context");
}

std::shared_ptr<Owned<Builder>> ownBuilder(std::unique_ptr<Builder> builder, const std::shared_ptr<ContextSlot> &slot) {
    auto owned = std::make_shared<Owned<Builder>>(std::move(builder));
    slot->depend(owned);
    return owned;
}

Napi::Value builderNew(const Napi::CallbackInfo &info) {
    Call c{info, "new IRBuilder(contextOrBlockOrInstruction)"};
    auto *h = new Handle{Kind::Builder};
    void *data = nullptr;
    napi_unwrap(c.env(), c.at(0), &data);
    if (data != nullptr && static_cast<Handle *>(data)->kind == Kind::Context) {
        LLVMContext &ctx = c.contextArg(0);
        h->owned = ownBuilder(std::make_unique<Builder>(ctx), contextSlotOf(ctx));
        h->context = contextSlotOf(ctx);
    } else {
        Value *v = c.valueArg(0);
        if (auto *block = dyn_cast<BasicBlock>(v)) {
            h->owned = ownBuilder(std::make_unique<Builder>(block), contextSlotOf(block->getContext()));
            h->insertBlock = block;
        } else if (auto *inst = dyn_cast<Instruction>(v)) {
            if (inst->getParent() == nullptr) {
                delete h;
                c.fail("the instruction is in no block");
            }
            h->owned = ownBuilder(std::make_unique<Builder>(inst), contextSlotOf(inst->getContext()));
            h->insertBlock = inst->getParent();
            h->insertPoint = inst;
            h->pointer = inst;  // marks an instruction insertion point
        } else {
            delete h;
            c.fail("expected an LLVMContext, a BasicBlock or an Instruction");
        }
        h->context = contextSlotOf(v->getContext());
    }
    watch(h);
    napi_wrap(c.env(), info.This(), h, [](napi_env, void *d, void *) { delete static_cast<Handle *>(d); }, nullptr,
              nullptr);
    return c.env().Undefined();
}

Napi::Value setInsertPoint(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.SetInsertPoint(blockOrInstruction)", false);
    Value *v = s.c.valueArg(0);
    sameContext(s, v);
    if (auto *block = dyn_cast<BasicBlock>(v)) {
        s.b->SetInsertPoint(block);
        s.h->insertBlock = block;
        s.h->insertPoint = nullptr;
        s.h->pointer = nullptr;
    } else if (auto *inst = dyn_cast<Instruction>(v)) {
        if (inst->getParent() == nullptr) s.c.fail("the instruction is in no block");
        s.b->SetInsertPoint(inst);
        s.h->insertBlock = inst->getParent();
        s.h->insertPoint = inst;
        s.h->pointer = inst;
    } else {
        s.c.fail("expected a BasicBlock or an Instruction");
    }
    return s.c.env().Undefined();
}

Napi::Value getInsertBlock(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.GetInsertBlock()", false);
    Value *block = s.h->insertBlock;  // null once the block is deleted
    return wrapValue(s.c.env(), block);
}

Napi::Value clearInsertionPoint(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.ClearInsertionPoint()", false);
    s.b->ClearInsertionPoint();
    s.h->insertBlock = nullptr;
    s.h->insertPoint = nullptr;
    s.h->pointer = nullptr;
    return s.c.env().Undefined();
}

Napi::Value setDebugLocation(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.SetCurrentDebugLocation(location)", false);
    if (!s.c.has(0) || info[0].IsNull()) {
        s.b->SetCurrentDebugLocation(DebugLoc());
    } else {
        auto *loc = dyn_cast<DILocation>(s.c.metadata(s.c.at(0)));
        if (loc == nullptr) s.c.fail("argument 1 must be a DILocation or null");
        s.b->SetCurrentDebugLocation(DebugLoc(loc));
    }
    return s.c.env().Undefined();
}

// ---- terminators ----

Napi::Value createRetVoid(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateRetVoid()");
    return wrapValue(s.c.env(), s.b->CreateRetVoid());
}

Napi::Value createRet(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateRet(value)");
    Value *v = s.c.valueArg(0);
    sameContext(s, v);
    Function *f = s.b->GetInsertBlock()->getParent();
    if (f && f->getReturnType() != v->getType()) s.c.fail("the value's type differs from the function's result");
    return wrapValue(s.c.env(), s.b->CreateRet(v));
}

Napi::Value createBr(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateBr(block)");
    auto *dest = s.c.arg<BasicBlock>(0, "a BasicBlock");
    sameContext(s, dest);
    return wrapValue(s.c.env(), s.b->CreateBr(dest));
}

Napi::Value createCondBr(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateCondBr(condition, then, else)");
    Value *cond = s.c.valueArg(0);
    auto *t = s.c.arg<BasicBlock>(1, "a BasicBlock");
    auto *e = s.c.arg<BasicBlock>(2, "a BasicBlock");
    if (!cond->getType()->isIntegerTy(1)) s.c.fail("the condition must be an i1");
    sameContext(s, cond);
    return wrapValue(s.c.env(), s.b->CreateCondBr(cond, t, e));
}

Napi::Value createSwitch(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateSwitch(value, default, cases?)");
    Value *v = s.c.valueArg(0);
    auto *dest = s.c.arg<BasicBlock>(1, "a BasicBlock");
    if (!v->getType()->isIntegerTy()) s.c.fail("the switch value must be an integer");
    return wrapValue(s.c.env(), s.b->CreateSwitch(v, dest, s.c.optUnsigned(2, 10)));
}

Napi::Value createUnreachable(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateUnreachable()");
    return wrapValue(s.c.env(), s.b->CreateUnreachable());
}

// ---- arithmetic ----

enum class Operands { Int, FP, Any };

template<Instruction::BinaryOps Op, Operands K> Napi::Value binary(const Napi::CallbackInfo &info) {
    B s = self(info, Instruction::getOpcodeName(Op));
    Value *l = s.c.valueArg(0);
    Value *r = s.c.valueArg(1);
    sameContext(s, l);
    if (l->getType() != r->getType()) s.c.fail("operands of different types");
    if (K == Operands::Int && !l->getType()->isIntOrIntVectorTy()) s.c.fail("integer operands expected");
    if (K == Operands::FP && !l->getType()->isFPOrFPVectorTy()) s.c.fail("floating-point operands expected");
    return wrapValue(s.c.env(), s.b->CreateBinOp(Op, l, r, s.c.optString(2)));
}

Napi::Value createNeg(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateNeg(value)");
    Value *v = s.c.valueArg(0);
    if (!v->getType()->isIntOrIntVectorTy()) s.c.fail("an integer operand expected");
    return wrapValue(s.c.env(), s.b->CreateNeg(v, s.c.optString(1)));
}

Napi::Value createFNeg(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateFNeg(value)");
    Value *v = s.c.valueArg(0);
    if (!v->getType()->isFPOrFPVectorTy()) s.c.fail("a floating-point operand expected");
    return wrapValue(s.c.env(), s.b->CreateFNeg(v, s.c.optString(1)));
}

Napi::Value createNot(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateNot(value)");
    Value *v = s.c.valueArg(0);
    if (!v->getType()->isIntOrIntVectorTy()) s.c.fail("an integer operand expected");
    return wrapValue(s.c.env(), s.b->CreateNot(v, s.c.optString(1)));
}

template<CmpInst::Predicate P> Napi::Value compare(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateICmp/FCmp(lhs, rhs)");
    Value *l = s.c.valueArg(0);
    Value *r = s.c.valueArg(1);
    sameContext(s, l);
    if (l->getType() != r->getType()) s.c.fail("operands of different types");
    if (CmpInst::isFPPredicate(P) && !l->getType()->isFPOrFPVectorTy()) s.c.fail("floating-point operands expected");
    if (CmpInst::isIntPredicate(P) && !l->getType()->isIntOrIntVectorTy() && !l->getType()->isPtrOrPtrVectorTy()) {
        s.c.fail("integer or pointer operands expected");
    }
    return wrapValue(s.c.env(), s.b->CreateCmp(P, l, r, s.c.optString(2)));
}

Napi::Value createIsNull(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateIsNull(value)");
    Value *v = s.c.valueArg(0);
    if (!v->getType()->isIntOrIntVectorTy() && !v->getType()->isPtrOrPtrVectorTy()) s.c.fail("an integer or pointer expected");
    return wrapValue(s.c.env(), s.b->CreateIsNull(v, s.c.optString(1)));
}

Napi::Value createIsNotNull(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateIsNotNull(value)");
    Value *v = s.c.valueArg(0);
    if (!v->getType()->isIntOrIntVectorTy() && !v->getType()->isPtrOrPtrVectorTy()) s.c.fail("an integer or pointer expected");
    return wrapValue(s.c.env(), s.b->CreateIsNotNull(v, s.c.optString(1)));
}

Napi::Value createSelect(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateSelect(condition, ifTrue, ifFalse)");
    Value *cond = s.c.valueArg(0);
    Value *t = s.c.valueArg(1);
    Value *f = s.c.valueArg(2);
    if (!cond->getType()->isIntOrIntVectorTy(1)) s.c.fail("the condition must be an i1");
    if (t->getType() != f->getType()) s.c.fail("both arms must have one type");
    return wrapValue(s.c.env(), s.b->CreateSelect(cond, t, f, s.c.optString(3)));
}

// ---- casts ----

template<Instruction::CastOps Op> Napi::Value cast(const Napi::CallbackInfo &info) {
    B s = self(info, Instruction::getOpcodeName(Op));
    Value *v = s.c.valueArg(0);
    Type *t = s.c.typeArg(1);
    sameContext(s, v);
    if (v->getType() == t) return wrapValue(s.c.env(), v);  // as IRBuilder does: no cast needed
    if (!CastInst::castIsValid(Op, v->getType(), t)) {
        s.c.fail(std::string("invalid ") + Instruction::getOpcodeName(Op) + " of this value to that type");
    }
    return wrapValue(s.c.env(), s.b->CreateCast(Op, v, t, s.c.optString(2)));
}

template<bool Signed> Napi::Value extOrTrunc(const Napi::CallbackInfo &info) {
    B s = self(info, Signed ? "IRBuilder.CreateSExtOrTrunc(value, type)" : "IRBuilder.CreateZExtOrTrunc(value, type)");
    Value *v = s.c.valueArg(0);
    Type *t = s.c.typeArg(1);
    if (!v->getType()->isIntOrIntVectorTy() || !t->isIntOrIntVectorTy()) s.c.fail("integer value and type expected");
    std::string name = s.c.optString(2);
    return wrapValue(s.c.env(), Signed ? s.b->CreateSExtOrTrunc(v, t, name) : s.b->CreateZExtOrTrunc(v, t, name));
}

Napi::Value pointerCast(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreatePointerCast(value, type)");
    Value *v = s.c.valueArg(0);
    Type *t = s.c.typeArg(1);
    if (!v->getType()->isPtrOrPtrVectorTy() || !(t->isPtrOrPtrVectorTy() || t->isIntOrIntVectorTy())) {
        s.c.fail("a pointer value and a pointer or integer type expected");
    }
    return wrapValue(s.c.env(), s.b->CreatePointerCast(v, t, s.c.optString(2)));
}

// ---- memory ----

Napi::Value createAlloca(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateAlloca(type, arraySize?, name?)");
    Type *t = s.c.typeArg(0);
    if (!t->isSized()) s.c.fail("an alloca needs a sized type");
    Value *size = nullptr;
    if (s.c.has(1) && !info[1].IsNull()) {
        size = s.c.valueArg(1);
        if (!size->getType()->isIntegerTy()) s.c.fail("the array size must be an integer");
    }
    if (s.b->GetInsertBlock()->getParent() == nullptr || s.b->GetInsertBlock()->getModule() == nullptr) {
        s.c.fail("the builder's block is in no function of a module");
    }
    return wrapValue(s.c.env(), s.b->CreateAlloca(t, size, s.c.optString(2)));
}

Napi::Value createLoad(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateLoad(type, pointer, name?)");
    Type *t = s.c.typeArg(0);
    Value *p = s.c.valueArg(1);
    if (!p->getType()->isPointerTy()) s.c.fail("argument 2 must be a pointer");
    if (!t->isSized() || t->isFunctionTy()) s.c.fail("cannot load this type");
    if (s.b->GetInsertBlock()->getModule() == nullptr) s.c.fail("the builder's block is in no module");
    return wrapValue(s.c.env(), s.b->CreateLoad(t, p, s.c.optString(2)));
}

Napi::Value createStore(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateStore(value, pointer)");
    Value *v = s.c.valueArg(0);
    Value *p = s.c.valueArg(1);
    if (!p->getType()->isPointerTy()) s.c.fail("argument 2 must be a pointer");
    if (!v->getType()->isSized()) s.c.fail("cannot store this value");
    if (s.b->GetInsertBlock()->getModule() == nullptr) s.c.fail("the builder's block is in no module");
    return wrapValue(s.c.env(), s.b->CreateStore(v, p));
}

template<bool InBounds> Napi::Value createGEP(const Napi::CallbackInfo &info) {
    B s = self(info, InBounds ? "IRBuilder.CreateInBoundsGEP(type, pointer, indices, name?)"
                              : "IRBuilder.CreateGEP(type, pointer, indices, name?)");
    Type *t = s.c.typeArg(0);
    Value *p = s.c.valueArg(1);
    if (!p->getType()->isPtrOrPtrVectorTy()) s.c.fail("argument 2 must be a pointer");
    if (!t->isSized()) s.c.fail("the source element type must be sized");
    std::vector<Value *> indices = s.c.at(2).IsArray() ? s.c.values(2) : std::vector<Value *>{s.c.valueArg(2)};
    for (Value *i : indices) {
        if (!i->getType()->isIntOrIntVectorTy()) s.c.fail("indices must be integers");
    }
    if (indices.size() > 1 && GetElementPtrInst::getIndexedType(t, ArrayRef(indices).drop_front()) == nullptr) {
        s.c.fail("the indices do not fit the type");
    }
    std::string name = s.c.optString(3);
    return wrapValue(s.c.env(), InBounds ? s.b->CreateInBoundsGEP(t, p, indices, name) : s.b->CreateGEP(t, p, indices, name));
}

Napi::Value createGlobalString(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateGlobalString(text, name?, addressSpace?, module?)", false);
    std::string text = s.c.string(0);
    std::string name = s.c.optString(1);
    unsigned space = s.c.optUnsigned(2, 0);
    Module *m = s.c.has(3) && !info[3].IsNull() ? s.c.moduleArg(3) : nullptr;
    if (m == nullptr) {
        if (s.b->GetInsertBlock() == nullptr || s.b->GetInsertBlock()->getModule() == nullptr) {
            s.c.fail("the builder is in no module; pass the module");
        }
    }
    return wrapValue(s.c.env(), s.b->CreateGlobalString(text, name, space, m));
}

// ---- calls and aggregates ----

Napi::Value createCall(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateCall(functionType, callee, args, name?)");
    auto *type = dyn_cast<FunctionType>(s.c.typeArg(0));
    if (type == nullptr) s.c.fail("expected a FunctionType");
    Value *callee = s.c.valueArg(1);
    if (!callee->getType()->isPointerTy()) s.c.fail("the callee must be a function or pointer");
    sameContext(s, callee);
    std::vector<Value *> args = s.c.has(2) ? s.c.values(2) : std::vector<Value *>{};
    if (args.size() < type->getNumParams() || (!type->isVarArg() && args.size() != type->getNumParams())) {
        s.c.fail("expected " + std::to_string(type->getNumParams()) + " arguments, got " + std::to_string(args.size()));
    }
    for (unsigned i = 0; i < type->getNumParams(); i++) {
        if (args[i]->getType() != type->getParamType(i)) {
            std::string expected, got;
            raw_string_ostream e(expected), g(got);
            type->getParamType(i)->print(e);
            args[i]->getType()->print(g);
            s.c.fail("argument " + std::to_string(i) + " is " + got + ", the callee takes " + expected);
        }
    }
    std::string name = type->getReturnType()->isVoidTy() ? "" : s.c.optString(3);
    CallInst *call = s.b->CreateCall(type, callee, args, name);
    if (auto *f = dyn_cast<Function>(callee)) call->setCallingConv(f->getCallingConv());
    return wrapValue(s.c.env(), call);
}

Napi::Value createPHI(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreatePHI(type, reserved, name?)");
    Type *t = s.c.typeArg(0);
    if (t->isVoidTy() || t->isLabelTy() || t->isFunctionTy()) s.c.fail("no phi of this type");
    return wrapValue(s.c.env(), s.b->CreatePHI(t, s.c.unsignedInt(1), s.c.optString(2)));
}

std::vector<unsigned> indexList(Call &c, size_t i) {
    Napi::Value v = c.at(i);
    if (!v.IsArray()) c.fail("the indices must be an array of numbers");
    auto array = v.As<Napi::Array>();
    std::vector<unsigned> out;
    for (uint32_t k = 0; k < array.Length(); k++) {
        Napi::Value n = array.Get(k);
        if (!n.IsNumber() || n.As<Napi::Number>().DoubleValue() < 0) c.fail("the indices must be non-negative numbers");
        out.push_back(n.As<Napi::Number>().Uint32Value());
    }
    return out;
}

Napi::Value createExtractValue(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateExtractValue(aggregate, indices, name?)");
    Value *agg = s.c.valueArg(0);
    auto idx = indexList(s.c, 1);
    if (ExtractValueInst::getIndexedType(agg->getType(), idx) == nullptr) s.c.fail("the indices do not fit the aggregate");
    return wrapValue(s.c.env(), s.b->CreateExtractValue(agg, idx, s.c.optString(2)));
}

Napi::Value createInsertValue(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateInsertValue(aggregate, value, indices, name?)");
    Value *agg = s.c.valueArg(0);
    Value *v = s.c.valueArg(1);
    auto idx = indexList(s.c, 2);
    Type *slot = ExtractValueInst::getIndexedType(agg->getType(), idx);
    if (slot == nullptr) s.c.fail("the indices do not fit the aggregate");
    if (slot != v->getType()) s.c.fail("the value's type differs from the slot's");
    return wrapValue(s.c.env(), s.b->CreateInsertValue(agg, v, idx, s.c.optString(3)));
}

// ---- atomics ----

AtomicOrdering ordering(Call &c, size_t i) {
    unsigned o = c.unsignedInt(i);
    if (o > static_cast<unsigned>(AtomicOrdering::LAST) || o == 3) c.fail("unknown atomic ordering");
    if (o < 2) c.fail("the ordering must be at least Monotonic");
    return static_cast<AtomicOrdering>(o);
}

SyncScope::ID scope(Call &c, LLVMContext &ctx, size_t i) {
    std::string name = c.optString(i);
    if (name.empty()) return SyncScope::System;
    if (name == "singlethread") return SyncScope::SingleThread;
    return ctx.getOrInsertSyncScopeID(name);
}

MaybeAlign alignArg(Call &c, size_t i) {
    if (!c.has(i) || c.info[i].IsNull()) return MaybeAlign();
    unsigned bytes = c.unsignedInt(i);
    if (bytes == 0 || (bytes & (bytes - 1)) != 0) c.fail("the alignment must be a power of two");
    return MaybeAlign(bytes);
}

Napi::Value createAtomicRMW(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateAtomicRMW(op, pointer, value, align, ordering, syncScope?)");
    unsigned op = s.c.unsignedInt(0);
    if (op > AtomicRMWInst::LAST_BINOP) s.c.fail("unknown atomicrmw operation");
    auto bin = static_cast<AtomicRMWInst::BinOp>(op);
    Value *p = s.c.valueArg(1);
    Value *v = s.c.valueArg(2);
    if (!p->getType()->isPointerTy()) s.c.fail("argument 2 must be a pointer");
    bool fp = AtomicRMWInst::isFPOperation(bin);
    if (fp && !v->getType()->isFloatingPointTy()) s.c.fail("the operation does not suit a non-floating-point value");
    if (!fp && bin != AtomicRMWInst::Xchg && !v->getType()->isIntegerTy()) s.c.fail("the operation does not suit a non-integer value");
    if (bin == AtomicRMWInst::Xchg && !(v->getType()->isIntegerTy() || v->getType()->isFloatingPointTy() || v->getType()->isPointerTy())) {
        s.c.fail("xchg needs an integer, floating-point or pointer value");
    }
    MaybeAlign align = alignArg(s.c, 3);
    AtomicOrdering o = ordering(s.c, 4);
    if (o == AtomicOrdering::Unordered) s.c.fail("atomicrmw cannot be unordered");
    if (s.b->GetInsertBlock()->getModule() == nullptr) s.c.fail("the builder's block is in no module");
    return wrapValue(s.c.env(), s.b->CreateAtomicRMW(bin, p, v, align, o, scope(s.c, s.b->getContext(), 5)));
}

Napi::Value createAtomicCmpXchg(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateAtomicCmpXchg(pointer, compare, new, align, success, failure, syncScope?)");
    Value *p = s.c.valueArg(0);
    Value *cmp = s.c.valueArg(1);
    Value *nv = s.c.valueArg(2);
    if (!p->getType()->isPointerTy()) s.c.fail("argument 1 must be a pointer");
    if (cmp->getType() != nv->getType()) s.c.fail("compare and new values of different types");
    if (!cmp->getType()->isIntegerTy() && !cmp->getType()->isPointerTy()) s.c.fail("cmpxchg needs integers or pointers");
    MaybeAlign align = alignArg(s.c, 3);
    AtomicOrdering success = ordering(s.c, 4);
    AtomicOrdering failure = ordering(s.c, 5);
    if (success == AtomicOrdering::Unordered || failure == AtomicOrdering::Unordered || failure == AtomicOrdering::Release ||
        failure == AtomicOrdering::AcquireRelease) {
        s.c.fail("invalid orderings for cmpxchg");
    }
    if (s.b->GetInsertBlock()->getModule() == nullptr) s.c.fail("the builder's block is in no module");
    return wrapValue(s.c.env(), s.b->CreateAtomicCmpXchg(p, cmp, nv, align, success, failure, scope(s.c, s.b->getContext(), 6)));
}

Napi::Value createFence(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.CreateFence(ordering, syncScope?)");
    AtomicOrdering o = ordering(s.c, 0);
    if (o == AtomicOrdering::Monotonic) s.c.fail("a fence needs acquire, release, acq_rel or seq_cst");
    return wrapValue(s.c.env(), s.b->CreateFence(o, scope(s.c, s.b->getContext(), 1)));
}

// ---- constants through the builder ----

template<unsigned Bits> Napi::Value getInt(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.getIntN(value)", false);
    double v = s.c.number(0);
    return wrapValue(s.c.env(), ConstantInt::get(s.b->getIntNTy(Bits), static_cast<uint64_t>(static_cast<int64_t>(v)), v < 0));
}

template<unsigned Bits> Napi::Value getIntTy(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.getIntNTy()", false);
    return wrapType(s.c.env(), s.b->getIntNTy(Bits));
}

Napi::Value getTrue(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.getTrue()", false);
    return wrapValue(s.c.env(), s.b->getTrue());
}

Napi::Value getFalse(const Napi::CallbackInfo &info) {
    B s = self(info, "IRBuilder.getFalse()", false);
    return wrapValue(s.c.env(), s.b->getFalse());
}

}  // namespace

void registerBuilder(Registry &r) {
    const char *cls = "IRBuilder";
    r.statics(cls, "new", builderNew);
    r.method(cls, "SetInsertPoint", setInsertPoint);
    r.method(cls, "GetInsertBlock", getInsertBlock);
    r.method(cls, "ClearInsertionPoint", clearInsertionPoint);
    r.method(cls, "SetCurrentDebugLocation", setDebugLocation);
    r.method(cls, "CreateRetVoid", createRetVoid);
    r.method(cls, "CreateRet", createRet);
    r.method(cls, "CreateBr", createBr);
    r.method(cls, "CreateCondBr", createCondBr);
    r.method(cls, "CreateSwitch", createSwitch);
    r.method(cls, "CreateUnreachable", createUnreachable);
    r.method(cls, "CreateAdd", binary<Instruction::Add, Operands::Int>);
    r.method(cls, "CreateSub", binary<Instruction::Sub, Operands::Int>);
    r.method(cls, "CreateMul", binary<Instruction::Mul, Operands::Int>);
    r.method(cls, "CreateSDiv", binary<Instruction::SDiv, Operands::Int>);
    r.method(cls, "CreateUDiv", binary<Instruction::UDiv, Operands::Int>);
    r.method(cls, "CreateSRem", binary<Instruction::SRem, Operands::Int>);
    r.method(cls, "CreateURem", binary<Instruction::URem, Operands::Int>);
    r.method(cls, "CreateAnd", binary<Instruction::And, Operands::Int>);
    r.method(cls, "CreateOr", binary<Instruction::Or, Operands::Int>);
    r.method(cls, "CreateXor", binary<Instruction::Xor, Operands::Int>);
    r.method(cls, "CreateShl", binary<Instruction::Shl, Operands::Int>);
    r.method(cls, "CreateLShr", binary<Instruction::LShr, Operands::Int>);
    r.method(cls, "CreateAShr", binary<Instruction::AShr, Operands::Int>);
    r.method(cls, "CreateFAdd", binary<Instruction::FAdd, Operands::FP>);
    r.method(cls, "CreateFSub", binary<Instruction::FSub, Operands::FP>);
    r.method(cls, "CreateFMul", binary<Instruction::FMul, Operands::FP>);
    r.method(cls, "CreateFDiv", binary<Instruction::FDiv, Operands::FP>);
    r.method(cls, "CreateFRem", binary<Instruction::FRem, Operands::FP>);
    r.method(cls, "CreateNeg", createNeg);
    r.method(cls, "CreateFNeg", createFNeg);
    r.method(cls, "CreateNot", createNot);
    r.method(cls, "CreateICmpEQ", compare<CmpInst::ICMP_EQ>);
    r.method(cls, "CreateICmpNE", compare<CmpInst::ICMP_NE>);
    r.method(cls, "CreateICmpSGT", compare<CmpInst::ICMP_SGT>);
    r.method(cls, "CreateICmpSGE", compare<CmpInst::ICMP_SGE>);
    r.method(cls, "CreateICmpSLT", compare<CmpInst::ICMP_SLT>);
    r.method(cls, "CreateICmpSLE", compare<CmpInst::ICMP_SLE>);
    r.method(cls, "CreateICmpUGT", compare<CmpInst::ICMP_UGT>);
    r.method(cls, "CreateICmpUGE", compare<CmpInst::ICMP_UGE>);
    r.method(cls, "CreateICmpULT", compare<CmpInst::ICMP_ULT>);
    r.method(cls, "CreateICmpULE", compare<CmpInst::ICMP_ULE>);
    r.method(cls, "CreateFCmpOEQ", compare<CmpInst::FCMP_OEQ>);
    r.method(cls, "CreateFCmpOGT", compare<CmpInst::FCMP_OGT>);
    r.method(cls, "CreateFCmpOGE", compare<CmpInst::FCMP_OGE>);
    r.method(cls, "CreateFCmpOLT", compare<CmpInst::FCMP_OLT>);
    r.method(cls, "CreateFCmpOLE", compare<CmpInst::FCMP_OLE>);
    r.method(cls, "CreateFCmpONE", compare<CmpInst::FCMP_ONE>);
    r.method(cls, "CreateFCmpORD", compare<CmpInst::FCMP_ORD>);
    r.method(cls, "CreateFCmpUNO", compare<CmpInst::FCMP_UNO>);
    r.method(cls, "CreateFCmpUEQ", compare<CmpInst::FCMP_UEQ>);
    r.method(cls, "CreateFCmpUGT", compare<CmpInst::FCMP_UGT>);
    r.method(cls, "CreateFCmpUGE", compare<CmpInst::FCMP_UGE>);
    r.method(cls, "CreateFCmpULT", compare<CmpInst::FCMP_ULT>);
    r.method(cls, "CreateFCmpULE", compare<CmpInst::FCMP_ULE>);
    r.method(cls, "CreateFCmpUNE", compare<CmpInst::FCMP_UNE>);
    r.method(cls, "CreateIsNull", createIsNull);
    r.method(cls, "CreateIsNotNull", createIsNotNull);
    r.method(cls, "CreateSelect", createSelect);
    r.method(cls, "CreateTrunc", cast<Instruction::Trunc>);
    r.method(cls, "CreateZExt", cast<Instruction::ZExt>);
    r.method(cls, "CreateSExt", cast<Instruction::SExt>);
    r.method(cls, "CreateFPToSI", cast<Instruction::FPToSI>);
    r.method(cls, "CreateFPToUI", cast<Instruction::FPToUI>);
    r.method(cls, "CreateSIToFP", cast<Instruction::SIToFP>);
    r.method(cls, "CreateUIToFP", cast<Instruction::UIToFP>);
    r.method(cls, "CreateFPTrunc", cast<Instruction::FPTrunc>);
    r.method(cls, "CreateFPExt", cast<Instruction::FPExt>);
    r.method(cls, "CreatePtrToInt", cast<Instruction::PtrToInt>);
    r.method(cls, "CreateIntToPtr", cast<Instruction::IntToPtr>);
    r.method(cls, "CreateBitCast", cast<Instruction::BitCast>);
    r.method(cls, "CreateAddrSpaceCast", cast<Instruction::AddrSpaceCast>);
    r.method(cls, "CreateSExtOrTrunc", extOrTrunc<true>);
    r.method(cls, "CreateZExtOrTrunc", extOrTrunc<false>);
    r.method(cls, "CreatePointerCast", pointerCast);
    r.method(cls, "CreateAlloca", createAlloca);
    r.method(cls, "CreateLoad", createLoad);
    r.method(cls, "CreateStore", createStore);
    r.method(cls, "CreateGEP", createGEP<false>);
    r.method(cls, "CreateInBoundsGEP", createGEP<true>);
    r.method(cls, "CreateGlobalString", createGlobalString);
    r.method(cls, "CreateGlobalStringPtr", createGlobalString);
    r.method(cls, "CreateCallWithType", createCall);
    r.method(cls, "CreatePHI", createPHI);
    r.method(cls, "CreateExtractValue", createExtractValue);
    r.method(cls, "CreateInsertValue", createInsertValue);
    r.method(cls, "CreateAtomicRMW", createAtomicRMW);
    r.method(cls, "CreateAtomicCmpXchg", createAtomicCmpXchg);
    r.method(cls, "CreateFence", createFence);
    r.method(cls, "getInt1", getInt<1>);
    r.method(cls, "getInt8", getInt<8>);
    r.method(cls, "getInt16", getInt<16>);
    r.method(cls, "getInt32", getInt<32>);
    r.method(cls, "getInt64", getInt<64>);
    r.method(cls, "getInt1Ty", getIntTy<1>);
    r.method(cls, "getInt8Ty", getIntTy<8>);
    r.method(cls, "getInt16Ty", getIntTy<16>);
    r.method(cls, "getInt32Ty", getIntTy<32>);
    r.method(cls, "getInt64Ty", getIntTy<64>);
    r.method(cls, "getTrue", getTrue);
    r.method(cls, "getFalse", getFalse);
}

}  // namespace gpuc
