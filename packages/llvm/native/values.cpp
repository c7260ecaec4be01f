// Values, users, arguments, basic blocks, and globals (linkage, sections, metadata, variables,
// functions with their attributes and calling conventions).
#include "handles.h"

#include <llvm/IR/Attributes.h>
#include <llvm/IR/CallingConv.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Operator.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/IR/CFG.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

namespace gpuc {
namespace {

using namespace llvm;

// ---- Value and User ----

Napi::Value getType(const Napi::CallbackInfo &info) {
    Call c{info, "Value.getType()"};
    return wrapType(c.env(), c.value(info.This())->getType());
}

Napi::Value getName(const Napi::CallbackInfo &info) {
    Call c{info, "Value.getName()"};
    return Napi::String::New(c.env(), c.value(info.This())->getName().str());
}

Napi::Value setName(const Napi::CallbackInfo &info) {
    Call c{info, "Value.setName(name)"};
    Value *v = c.value(info.This());
    if (isa<Constant>(v) && !isa<GlobalValue>(v)) c.fail("constants have no names");
    v->setName(c.string(0));
    return c.env().Undefined();
}

Napi::Value replaceAllUsesWith(const Napi::CallbackInfo &info) {
    Call c{info, "Value.replaceAllUsesWith(value)"};
    Value *v = c.value(info.This());
    Value *with = c.valueArg(0);
    if (v == with) c.fail("a value cannot replace itself");
    if (v->getType() != with->getType()) c.fail("the replacement's type differs");
    if (&v->getContext() != &with->getContext()) c.fail("the replacement lives in another context");
    if (isa<Constant>(v) && !isa<GlobalValue>(v)) c.fail("constants cannot be replaced");
    v->replaceAllUsesWith(with);
    return c.env().Undefined();
}

Napi::Value getUsers(const Napi::CallbackInfo &info) {
    Call c{info, "Value.getUsers()"};
    Value *v = c.value(info.This());
    std::vector<User *> users(v->user_begin(), v->user_end());
    auto out = Napi::Array::New(c.env());
    for (uint32_t i = 0; i < users.size(); i++) out.Set(i, wrapValue(c.env(), users[i]));
    return out;
}

Napi::Value getUses(const Napi::CallbackInfo &info) {
    Call c{info, "Value.getUses()"};
    Value *v = c.value(info.This());
    auto out = Napi::Array::New(c.env());
    uint32_t i = 0;
    for (Use &use : v->uses()) {
        auto item = Napi::Object::New(c.env());
        item.Set("user", wrapValue(c.env(), use.getUser()));
        item.Set("operandNo", use.getOperandNo());
        out.Set(i++, item);
    }
    return out;
}

Napi::Value getNumUses(const Napi::CallbackInfo &info) {
    Call c{info, "Value.getNumUses()"};
    return Napi::Number::New(c.env(), c.value(info.This())->getNumUses());
}

Napi::Value useEmpty(const Napi::CallbackInfo &info) {
    Call c{info, "Value.use_empty()"};
    return Napi::Boolean::New(c.env(), c.value(info.This())->use_empty());
}

Napi::Value isSame(const Napi::CallbackInfo &info) {
    Call c{info, "Value.isSame(other)"};
    return Napi::Boolean::New(c.env(), c.value(info.This()) == c.valueArg(0));
}

Napi::Value getValueID(const Napi::CallbackInfo &info) {
    Call c{info, "Value.getValueID()"};
    return Napi::Number::New(c.env(), c.value(info.This())->getValueID());
}

Napi::Value print(const Napi::CallbackInfo &info) {
    Call c{info, "Value.print()"};
    return Napi::String::New(c.env(), printed(c.value(info.This())));
}

Napi::Value setAllowContract(const Napi::CallbackInfo &info) {
    Call c{info, "Value.setAllowContract(allow)"};
    Value *v = c.value(info.This());
    bool allow = c.boolean(0);
    if (auto *inst = dyn_cast<Instruction>(v); inst != nullptr && isa<FPMathOperator>(inst)) {
        inst->setHasAllowContract(allow);
    }
    return c.env().Undefined();
}

Napi::Value deleteValue(const Napi::CallbackInfo &info) {
    Call c{info, "Value.deleteValue()"};
    Value *v = c.value(info.This());
    auto *inst = dyn_cast<Instruction>(v);
    if (inst == nullptr) c.fail("only a detached instruction can be deleted");
    if (inst->getParent() != nullptr) c.fail("the instruction is still in a block; use eraseFromParent()");
    if (!inst->use_empty()) c.fail("the instruction is still used");
    inst->deleteValue();
    return c.env().Undefined();
}

Napi::Value getNumOperands(const Napi::CallbackInfo &info) {
    Call c{info, "User.getNumOperands()"};
    return Napi::Number::New(c.env(), c.self<User>("a User")->getNumOperands());
}

Napi::Value getOperand(const Napi::CallbackInfo &info) {
    Call c{info, "User.getOperand(index)"};
    auto *u = c.self<User>("a User");
    unsigned i = c.unsignedInt(0);
    if (i >= u->getNumOperands()) c.fail("operand index out of range");
    return wrapValue(c.env(), u->getOperand(i));
}

Napi::Value setOperand(const Napi::CallbackInfo &info) {
    Call c{info, "User.setOperand(index, value)"};
    auto *u = c.self<User>("a User");
    if (isa<Constant>(u)) c.fail("constants are immutable");
    unsigned i = c.unsignedInt(0);
    if (i >= u->getNumOperands()) c.fail("operand index out of range");
    Value *v = c.valueArg(1);
    if (v->getType() != u->getOperand(i)->getType()) c.fail("the operand has another type");
    u->setOperand(i, v);
    return c.env().Undefined();
}

// ---- Argument ----

Napi::Value argNo(const Napi::CallbackInfo &info) {
    Call c{info, "Argument.getArgNo()"};
    return Napi::Number::New(c.env(), c.self<Argument>("an Argument")->getArgNo());
}

Napi::Value argParent(const Napi::CallbackInfo &info) {
    Call c{info, "Argument.getParent()"};
    return wrapValue(c.env(), c.self<Argument>("an Argument")->getParent());
}

// ---- BasicBlock ----

Napi::Value blockCreate(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.Create(context, name?, parent?, insertBefore?)"};
    LLVMContext &ctx = c.contextArg(0);
    std::string name = c.optString(1);
    Function *parent = c.has(2) && !info[2].IsNull() ? c.arg<Function>(2, "a Function") : nullptr;
    BasicBlock *before = c.has(3) && !info[3].IsNull() ? c.arg<BasicBlock>(3, "a BasicBlock") : nullptr;
    if (parent && &parent->getContext() != &ctx) c.fail("the function lives in another context");
    if (before && before->getParent() != parent) c.fail("insertBefore is not a block of parent");
    return wrapValue(c.env(), BasicBlock::Create(ctx, name, parent, before));
}

Napi::Value blockParent(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.getParent()"};
    return wrapValue(c.env(), c.self<BasicBlock>("a BasicBlock")->getParent());
}

Napi::Value blockTerminator(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.getTerminator()"};
    return wrapValue(c.env(), c.self<BasicBlock>("a BasicBlock")->getTerminator());
}

Napi::Value blockFirstNonPHI(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.getFirstNonPHI()"};
    BasicBlock *b = c.self<BasicBlock>("a BasicBlock");
    auto it = b->getFirstNonPHIIt();
    return wrapValue(c.env(), it == b->end() ? nullptr : &*it);
}

Napi::Value blockInsertInto(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.insertInto(parent, insertBefore?)"};
    BasicBlock *b = c.self<BasicBlock>("a BasicBlock");
    auto *parent = c.arg<Function>(0, "a Function");
    BasicBlock *before = c.has(1) && !info[1].IsNull() ? c.arg<BasicBlock>(1, "a BasicBlock") : nullptr;
    if (b->getParent() != nullptr) c.fail("the block is already in a function");
    if (&parent->getContext() != &b->getContext()) c.fail("the function lives in another context");
    if (before && before->getParent() != parent) c.fail("insertBefore is not a block of parent");
    b->insertInto(parent, before);
    return c.env().Undefined();
}

Napi::Value blockRemoveFromParent(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.removeFromParent()"};
    BasicBlock *b = c.self<BasicBlock>("a BasicBlock");
    if (b->getParent() == nullptr) c.fail("the block is in no function");
    b->removeFromParent();
    return c.env().Undefined();
}

Napi::Value blockEraseFromParent(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.eraseFromParent()"};
    BasicBlock *b = c.self<BasicBlock>("a BasicBlock");
    if (b->getParent() == nullptr) c.fail("the block is in no function");
    if (!b->use_empty()) c.fail("the block is still referenced (a branch or phi uses it)");
    for (Instruction &inst : *b) {
        for (User *u : inst.users()) {
            auto *ui = dyn_cast<Instruction>(u);
            if (ui == nullptr || ui->getParent() != b) c.fail("a value of the block is used outside it");
        }
    }
    b->eraseFromParent();
    return c.env().Undefined();
}

Napi::Value blockInstructions(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.getInstructions()"};
    auto out = Napi::Array::New(c.env());
    uint32_t i = 0;
    for (Instruction &inst : *c.self<BasicBlock>("a BasicBlock")) out.Set(i++, wrapValue(c.env(), &inst));
    return out;
}

// A block's instructions as data, in one call (a walk that asked each instruction through its
// own wrapper paid a binding call per question), packed: a JS object per instruction cost more
// than the rest of a scheduling pass. Returns [data, names]: for each instruction, in `data` (an
// Int32Array), the index in `names` of its opcode's name, the index of the name of the function
// it calls (-1 for other instructions, indirect calls and inline asm), 1 for a call of inline
// asm (else 0), the count of its operands defined by earlier instructions of the block, and
// their indices in the block. (api.ts unpacks it for BasicBlock.describeInstructions.)
Napi::Value blockDescribePacked(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.describeInstructions()"};
    BasicBlock *b = c.self<BasicBlock>("a BasicBlock");
    Napi::Env env = c.env();
    std::vector<int32_t> data;
    std::vector<std::string> names;
    StringMap<int32_t> nameIndex;
    auto name = [&](StringRef text) {
        auto [it, fresh] = nameIndex.try_emplace(text, static_cast<int32_t>(names.size()));
        if (fresh) names.push_back(text.str());
        return it->second;
    };
    DenseMap<const Instruction *, int32_t> index;
    int32_t n = 0;
    for (Instruction &inst : *b) {
        data.push_back(name(inst.getOpcodeName()));
        int32_t callee = -1;
        bool inlineAsm = false;
        if (auto *call = dyn_cast<CallBase>(&inst)) {
            inlineAsm = call->isInlineAsm();
            if (Function *f = call->getCalledFunction()) callee = name(f->getName());
        }
        data.push_back(callee);
        data.push_back(inlineAsm ? 1 : 0);
        size_t count = data.size();
        data.push_back(0);
        for (Value *op : inst.operands()) {
            auto *def = dyn_cast<Instruction>(op);
            if (def == nullptr) continue;
            auto found = index.find(def);
            if (found == index.end()) continue;
            data.push_back(found->second);
            data[count]++;
        }
        index[&inst] = n++;
    }
    auto packed = Napi::Int32Array::New(env, data.size());
    std::copy(data.begin(), data.end(), packed.Data());
    auto strings = Napi::Array::New(env, names.size());
    for (uint32_t i = 0; i < names.size(); i++) strings.Set(i, Napi::String::New(env, names[i]));
    auto out = Napi::Array::New(env, 2);
    out.Set(0u, packed);
    out.Set(1u, strings);
    return out;
}

// Puts a block's instructions in a new order, given as their current indices. Refused (the block
// untouched) unless the order names each instruction once, keeps the phis first and the terminator
// last, and puts every instruction after those of the block whose values it uses.
Napi::Value blockReorder(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.reorder(order)"};
    BasicBlock *b = c.self<BasicBlock>("a BasicBlock");
    std::vector<Instruction *> current;
    for (Instruction &inst : *b) current.push_back(&inst);
    Napi::Value v = c.at(0);
    if (!v.IsArray()) c.fail("argument 1 must be an array of instruction indices");
    auto array = v.As<Napi::Array>();
    const std::string once = "the order must name each of the block's " + std::to_string(current.size()) +
                             " instructions once";
    if (array.Length() != current.size()) c.fail(once);
    std::vector<Instruction *> order;
    std::vector<bool> named(current.size(), false);
    for (uint32_t k = 0; k < array.Length(); k++) {
        Napi::Value item = array.Get(k);
        if (!item.IsNumber()) c.fail(once);
        double d = item.As<Napi::Number>().DoubleValue();
        if (!(d >= 0) || d >= static_cast<double>(current.size()) || d != static_cast<double>(static_cast<size_t>(d)))
            c.fail(once);
        auto i = static_cast<size_t>(d);
        if (named[i]) c.fail(once);
        named[i] = true;
        order.push_back(current[i]);
    }
    SmallPtrSet<Instruction *, 32> placed;
    bool pastPhis = false;
    for (size_t k = 0; k < order.size(); k++) {
        Instruction *inst = order[k];
        if (isa<PHINode>(inst)) {
            if (pastPhis) c.fail("the phis must stay at the top of the block");
        } else {
            pastPhis = true;
            for (Value *op : inst->operands()) {
                auto *def = dyn_cast<Instruction>(op);
                if (def != nullptr && def->getParent() == b && !placed.count(def))
                    c.fail("an instruction would come before a value of the block that it uses");
            }
        }
        if (inst->isTerminator() && k + 1 != order.size()) c.fail("the terminator must stay last");
        placed.insert(inst);
    }
    // Each instruction out of place moves before the one now where it belongs.
    auto cursor = b->begin();
    for (Instruction *inst : order) {
        if (&*cursor == inst) ++cursor;
        else inst->moveBefore(cursor);
    }
    return c.env().Undefined();
}

Napi::Value blockEmpty(const Napi::CallbackInfo &info) {
    Call c{info, "BasicBlock.empty()"};
    return Napi::Boolean::New(c.env(), c.self<BasicBlock>("a BasicBlock")->empty());
}

// ---- GlobalValue, GlobalObject ----

#define GV_GET(NAME, EXPR) \
    Napi::Value gv_##NAME(const Napi::CallbackInfo &info) { \
        Call c{info, "GlobalValue." #NAME "()"}; \
        GlobalValue *g = c.self<GlobalValue>("a GlobalValue"); \
        return EXPR; \
    }
GV_GET(getLinkage, Napi::Number::New(c.env(), g->getLinkage()))
GV_GET(getVisibility, Napi::Number::New(c.env(), g->getVisibility()))
GV_GET(getUnnamedAddr, Napi::Number::New(c.env(), static_cast<unsigned>(g->getUnnamedAddr())))
GV_GET(isDeclaration, Napi::Boolean::New(c.env(), g->isDeclaration()))
GV_GET(getAddressSpace, Napi::Number::New(c.env(), g->getAddressSpace()))
GV_GET(getValueType, wrapType(c.env(), g->getValueType()))
GV_GET(getParent, wrapModule(c.env(), g->getParent()))
#undef GV_GET

Napi::Value gv_setLinkage(const Napi::CallbackInfo &info) {
    Call c{info, "GlobalValue.setLinkage(linkage)"};
    GlobalValue *g = c.self<GlobalValue>("a GlobalValue");
    unsigned linkage = c.unsignedInt(0);
    if (linkage > GlobalValue::CommonLinkage) c.fail("unknown linkage (see GlobalValue.LinkageTypes)");
    auto l = static_cast<GlobalValue::LinkageTypes>(linkage);
    if (GlobalValue::isLocalLinkage(l) && g->getVisibility() != GlobalValue::DefaultVisibility) {
        g->setVisibility(GlobalValue::DefaultVisibility);
    }
    g->setLinkage(l);
    return c.env().Undefined();
}

Napi::Value gv_setVisibility(const Napi::CallbackInfo &info) {
    Call c{info, "GlobalValue.setVisibility(visibility)"};
    GlobalValue *g = c.self<GlobalValue>("a GlobalValue");
    unsigned v = c.unsignedInt(0);
    if (v > GlobalValue::ProtectedVisibility) c.fail("unknown visibility");
    if (g->hasLocalLinkage() && v != GlobalValue::DefaultVisibility) c.fail("a global with local linkage has default visibility");
    g->setVisibility(static_cast<GlobalValue::VisibilityTypes>(v));
    return c.env().Undefined();
}

Napi::Value gv_setUnnamedAddr(const Napi::CallbackInfo &info) {
    Call c{info, "GlobalValue.setUnnamedAddr(kind)"};
    unsigned v = c.unsignedInt(0);
    if (v > 2) c.fail("unknown unnamed_addr kind");
    c.self<GlobalValue>("a GlobalValue")->setUnnamedAddr(static_cast<GlobalValue::UnnamedAddr>(v));
    return c.env().Undefined();
}

Napi::Value gv_eraseFromParent(const Napi::CallbackInfo &info) {
    Call c{info, "GlobalValue.eraseFromParent()"};
    GlobalValue *g = c.self<GlobalValue>("a GlobalValue");
    if (g->getParent() == nullptr) c.fail("the global is in no module");
    g->removeDeadConstantUsers();
    if (!g->use_empty()) c.fail("'" + g->getName().str() + "' still has uses");
    g->eraseFromParent();
    return c.env().Undefined();
}

#define GO_SELF(sig) \
    Call c{info, sig}; \
    GlobalObject *g = c.self<GlobalObject>("a Function or GlobalVariable");

Napi::Value go_getSection(const Napi::CallbackInfo &info) {
    GO_SELF("GlobalObject.getSection()");
    return Napi::String::New(c.env(), g->getSection().str());
}

Napi::Value go_setSection(const Napi::CallbackInfo &info) {
    GO_SELF("GlobalObject.setSection(name)");
    g->setSection(c.string(0));
    return c.env().Undefined();
}

Napi::Value go_getAlignment(const Napi::CallbackInfo &info) {
    GO_SELF("GlobalObject.getAlignment()");
    auto *v = dyn_cast<GlobalVariable>(g);
    MaybeAlign a = v ? v->getAlign() : cast<Function>(g)->getAlign();
    return Napi::Number::New(c.env(), a ? static_cast<double>(a->value()) : 0);
}

Napi::Value go_setAlignment(const Napi::CallbackInfo &info) {
    GO_SELF("GlobalObject.setAlignment(bytes)");
    unsigned bytes = c.unsignedInt(0);
    if (bytes != 0 && (bytes & (bytes - 1)) != 0) c.fail("the alignment must be a power of two");
    MaybeAlign a = bytes == 0 ? MaybeAlign() : MaybeAlign(bytes);
    if (auto *v = dyn_cast<GlobalVariable>(g)) v->setAlignment(a);
    else if (auto *f = dyn_cast<Function>(g)) f->setAlignment(a);
    else c.fail("expected a Function or GlobalVariable");
    return c.env().Undefined();
}

MDNode *optNode(Call &c, size_t i) {
    if (!c.has(i) || c.info[i].IsNull()) return nullptr;
    auto *n = dyn_cast<MDNode>(c.metadata(c.at(i)));
    if (n == nullptr) c.fail("argument " + std::to_string(i + 1) + " must be an MDNode or null");
    return n;
}

Napi::Value go_setMetadata(const Napi::CallbackInfo &info) {
    GO_SELF("GlobalObject.setMetadata(kind, node)");
    std::string kind = c.string(0);
    MDNode *node = optNode(c, 1);
    if (node && &node->getContext() != &g->getContext()) c.fail("the node lives in another context");
    g->setMetadata(g->getContext().getMDKindID(kind), node);
    return c.env().Undefined();
}

Napi::Value go_addMetadata(const Napi::CallbackInfo &info) {
    GO_SELF("GlobalObject.addMetadata(kind, node)");
    std::string kind = c.string(0);
    MDNode *node = optNode(c, 1);
    if (node == nullptr) c.fail("argument 2 must be an MDNode");
    g->addMetadata(g->getContext().getMDKindID(kind), *node);
    return c.env().Undefined();
}

Napi::Value go_getMetadata(const Napi::CallbackInfo &info) {
    GO_SELF("GlobalObject.getMetadata(kind)");
    return wrapMetadata(c.env(), g->getMetadata(c.string(0)));
}

// ---- GlobalVariable ----

Napi::Value gvarCreate(const Napi::CallbackInfo &info) {
    Call c{info, "GlobalVariable.Create(module, type, isConstant, linkage, initializer, name, addressSpace?, "
                 "threadLocalMode?, externallyInitialized?)"};
    Module *m = c.moduleArg(0);
    Type *t = c.typeArg(1);
    bool isConstant = c.boolean(2);
    unsigned linkage = c.unsignedInt(3);
    if (linkage > GlobalValue::CommonLinkage) c.fail("unknown linkage");
    Constant *init = nullptr;
    if (!c.at(4).IsNull()) init = c.arg<Constant>(4, "a Constant or null");
    std::string name = c.optString(5);
    unsigned space = c.optUnsigned(6, 0);
    unsigned tlm = c.optUnsigned(7, GlobalValue::NotThreadLocal);
    if (tlm > GlobalValue::LocalExecTLSModel) c.fail("unknown thread-local mode");
    bool externallyInitialized = c.optBool(8, false);
    if (!t->isSized() || t->isFunctionTy()) c.fail("a global needs a sized, non-function type");
    if (&t->getContext() != &m->getContext()) c.fail("the type lives in another context");
    if (init && init->getType() != t) c.fail("the initializer's type differs from the global's");
    auto l = static_cast<GlobalValue::LinkageTypes>(linkage);
    if (init == nullptr && !(l == GlobalValue::ExternalLinkage || l == GlobalValue::ExternalWeakLinkage)) {
        c.fail("a global without initializer must have external linkage");
    }
    auto *g = new GlobalVariable(*m, t, isConstant, l, init, name, nullptr,
                                 static_cast<GlobalValue::ThreadLocalMode>(tlm), space, externallyInitialized);
    return wrapValue(c.env(), g);
}

#define GVAR_SELF(sig) \
    Call c{info, sig}; \
    GlobalVariable *g = c.self<GlobalVariable>("a GlobalVariable");

Napi::Value gvarGetInitializer(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.getInitializer()");
    return wrapValue(c.env(), g->hasInitializer() ? g->getInitializer() : nullptr);
}

Napi::Value gvarSetInitializer(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.setInitializer(initializer)");
    Constant *init = c.at(0).IsNull() ? nullptr : c.arg<Constant>(0, "a Constant or null");
    if (init && init->getType() != g->getValueType()) c.fail("the initializer's type differs from the global's");
    if (init == nullptr && !g->hasExternalLinkage() && !g->hasExternalWeakLinkage()) {
        c.fail("only external globals may lose their initializer");
    }
    g->setInitializer(init);
    return c.env().Undefined();
}

Napi::Value gvarIsConstant(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.isConstant()");
    return Napi::Boolean::New(c.env(), g->isConstant());
}

Napi::Value gvarSetConstant(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.setConstant(value)");
    g->setConstant(c.boolean(0));
    return c.env().Undefined();
}

Napi::Value gvarIsThreadLocal(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.isThreadLocal()");
    return Napi::Boolean::New(c.env(), g->isThreadLocal());
}

Napi::Value gvarSetThreadLocal(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.setThreadLocal(value)");
    g->setThreadLocal(c.boolean(0));
    return c.env().Undefined();
}

Napi::Value gvarGetTLM(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.getThreadLocalMode()");
    return Napi::Number::New(c.env(), g->getThreadLocalMode());
}

Napi::Value gvarSetTLM(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.setThreadLocalMode(mode)");
    unsigned tlm = c.unsignedInt(0);
    if (tlm > GlobalValue::LocalExecTLSModel) c.fail("unknown thread-local mode");
    g->setThreadLocalMode(static_cast<GlobalValue::ThreadLocalMode>(tlm));
    return c.env().Undefined();
}

Napi::Value gvarIsExtInit(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.isExternallyInitialized()");
    return Napi::Boolean::New(c.env(), g->isExternallyInitialized());
}

Napi::Value gvarSetExtInit(const Napi::CallbackInfo &info) {
    GVAR_SELF("GlobalVariable.setExternallyInitialized(value)");
    g->setExternallyInitialized(c.boolean(0));
    return c.env().Undefined();
}

// ---- Function ----

Napi::Value fnCreate(const Napi::CallbackInfo &info) {
    Call c{info, "Function.Create(type, linkage, name?, module?)"};
    auto *t = dyn_cast<FunctionType>(c.typeArg(0));
    if (t == nullptr) c.fail("argument 1 must be a FunctionType");
    unsigned linkage = c.unsignedInt(1);
    if (linkage > GlobalValue::CommonLinkage) c.fail("unknown linkage");
    std::string name = c.optString(2);
    Module *m = c.has(3) && !info[3].IsNull() ? c.moduleArg(3) : nullptr;
    if (m == nullptr) c.fail("a function needs a module (argument 4)");
    if (&m->getContext() != &t->getContext()) c.fail("the type lives in another context");
    return wrapValue(c.env(), Function::Create(t, static_cast<GlobalValue::LinkageTypes>(linkage), name, m));
}

#define FN_SELF(sig) \
    Call c{info, sig}; \
    Function *f = c.self<Function>("a Function");

Napi::Value fnArgSize(const Napi::CallbackInfo &info) {
    FN_SELF("Function.arg_size()");
    return Napi::Number::New(c.env(), f->arg_size());
}

Napi::Value fnGetArg(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getArg(index)");
    unsigned i = c.unsignedInt(0);
    if (i >= f->arg_size()) c.fail("argument index out of range");
    return wrapValue(c.env(), f->getArg(i));
}

Napi::Value fnArguments(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getArguments()");
    auto out = Napi::Array::New(c.env());
    for (unsigned i = 0; i < f->arg_size(); i++) out.Set(i, wrapValue(c.env(), f->getArg(i)));
    return out;
}

Napi::Value fnBlocks(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getBasicBlocks()");
    auto out = Napi::Array::New(c.env());
    uint32_t i = 0;
    for (BasicBlock &b : *f) out.Set(i++, wrapValue(c.env(), &b));
    return out;
}

Napi::Value fnReturnType(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getReturnType()");
    return wrapType(c.env(), f->getReturnType());
}

Napi::Value fnFunctionType(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getFunctionType()");
    return wrapType(c.env(), f->getFunctionType());
}

Napi::Value fnEntryBlock(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getEntryBlock()");
    if (f->empty()) c.fail("the function has no body");
    return wrapValue(c.env(), &f->getEntryBlock());
}

Napi::Value fnDeleteBody(const Napi::CallbackInfo &info) {
    FN_SELF("Function.deleteBody()");
    f->deleteBody();
    return c.env().Undefined();
}

Napi::Value fnSetSubprogram(const Napi::CallbackInfo &info) {
    FN_SELF("Function.setSubprogram(subprogram)");
    auto *sp = dyn_cast<DISubprogram>(c.metadata(c.at(0)));
    if (sp == nullptr) c.fail("argument 1 must be a DISubprogram");
    f->setSubprogram(sp);
    return c.env().Undefined();
}

Napi::Value fnGetSubprogram(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getSubprogram()");
    return wrapMetadata(c.env(), f->getSubprogram());
}

Napi::Value fnGetCallingConv(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getCallingConv()");
    return Napi::Number::New(c.env(), f->getCallingConv());
}

Napi::Value fnSetCallingConv(const Napi::CallbackInfo &info) {
    FN_SELF("Function.setCallingConv(cc)");
    unsigned cc = c.unsignedInt(0);
    if (cc > CallingConv::MaxID) c.fail("unknown calling convention");
    f->setCallingConv(cc);
    return c.env().Undefined();
}

// An attribute by name: an enum attribute where LLVM knows the name, a string attribute otherwise.
Attribute attribute(Call &c, LLVMContext &ctx, size_t kindArg) {
    std::string kind = c.string(kindArg);
    Attribute::AttrKind k = Attribute::getAttrKindFromName(kind);
    bool hasValue = c.has(kindArg + 1);
    if (k == Attribute::None) {
        return Attribute::get(ctx, kind, hasValue ? (c.at(kindArg + 1).IsNumber() ? std::to_string(static_cast<int64_t>(c.number(kindArg + 1))) : c.string(kindArg + 1)) : "");
    }
    if (Attribute::isEnumAttrKind(k)) {
        if (hasValue) c.fail("attribute '" + kind + "' takes no value");
        return Attribute::get(ctx, k);
    }
    if (Attribute::isIntAttrKind(k)) {
        if (!hasValue) c.fail("attribute '" + kind + "' needs an integer value");
        double v = c.number(kindArg + 1);
        if (k == Attribute::Alignment) {
            auto bytes = static_cast<uint64_t>(v);
            if (bytes == 0 || (bytes & (bytes - 1)) != 0) c.fail("the alignment must be a power of two");
            return Attribute::getWithAlignment(ctx, Align(bytes));
        }
        return Attribute::get(ctx, k, static_cast<uint64_t>(v));
    }
    c.fail("attribute '" + kind + "' needs a type or range; not supported");
}

Napi::Value fnAddFnAttr(const Napi::CallbackInfo &info) {
    FN_SELF("Function.addFnAttr(kind, value?)");
    f->addFnAttr(attribute(c, f->getContext(), 0));
    return c.env().Undefined();
}

Napi::Value fnRemoveFnAttr(const Napi::CallbackInfo &info) {
    FN_SELF("Function.removeFnAttr(kind)");
    std::string kind = c.string(0);
    Attribute::AttrKind k = Attribute::getAttrKindFromName(kind);
    if (k == Attribute::None) f->removeFnAttr(kind);
    else f->removeFnAttr(k);
    return c.env().Undefined();
}

Napi::Value fnHasFnAttribute(const Napi::CallbackInfo &info) {
    FN_SELF("Function.hasFnAttribute(kind)");
    std::string kind = c.string(0);
    Attribute::AttrKind k = Attribute::getAttrKindFromName(kind);
    return Napi::Boolean::New(c.env(), k == Attribute::None ? f->hasFnAttribute(kind) : f->hasFnAttribute(k));
}

Napi::Value fnGetFnAttribute(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getFnAttribute(kind)");
    std::string kind = c.string(0);
    Attribute::AttrKind k = Attribute::getAttrKindFromName(kind);
    Attribute a = k == Attribute::None ? f->getFnAttribute(kind) : f->getFnAttribute(k);
    if (!a.isValid()) return c.env().Null();
    if (a.isStringAttribute()) return Napi::String::New(c.env(), a.getValueAsString().str());
    if (a.isIntAttribute()) return Napi::String::New(c.env(), std::to_string(a.getValueAsInt()));
    return Napi::String::New(c.env(), "");
}

Napi::Value fnAddParamAttr(const Napi::CallbackInfo &info) {
    FN_SELF("Function.addParamAttr(argNo, kind, value?)");
    unsigned i = c.unsignedInt(0);
    if (i >= f->arg_size()) c.fail("argument index out of range");
    f->addParamAttr(i, attribute(c, f->getContext(), 1));
    return c.env().Undefined();
}

Napi::Value fnHasParamAttribute(const Napi::CallbackInfo &info) {
    FN_SELF("Function.hasParamAttribute(argNo, kind)");
    unsigned i = c.unsignedInt(0);
    if (i >= f->arg_size()) c.fail("argument index out of range");
    std::string kind = c.string(1);
    Attribute::AttrKind k = Attribute::getAttrKindFromName(kind);
    bool has = k == Attribute::None ? f->getAttributes().getParamAttr(i, kind).isValid() : f->hasParamAttribute(i, k);
    return Napi::Boolean::New(c.env(), has);
}

Napi::Value fnIsIntrinsic(const Napi::CallbackInfo &info) {
    FN_SELF("Function.isIntrinsic()");
    return Napi::Boolean::New(c.env(), f->isIntrinsic());
}

Napi::Value fnIntrinsicID(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getIntrinsicID()");
    return Napi::Number::New(c.env(), f->getIntrinsicID());
}

Napi::Value fnVerify(const Napi::CallbackInfo &info) {
    FN_SELF("Function.verify()");
    std::string text;
    raw_string_ostream out(text);
    if (!verifyFunction(*f, &out)) return c.env().Null();
    return Napi::String::New(c.env(), text);
}

// The control-flow graph in one call: for each block (in getBasicBlocks() order), the indices of
// its successors.
Napi::Value fnSuccessors(const Napi::CallbackInfo &info) {
    FN_SELF("Function.getBlockSuccessors()");
    Napi::Env env = c.env();
    DenseMap<const BasicBlock *, uint32_t> index;
    uint32_t n = 0;
    for (BasicBlock &b : *f) index[&b] = n++;
    auto out = Napi::Array::New(env, n);
    n = 0;
    for (BasicBlock &b : *f) {
        auto targets = Napi::Array::New(env);
        uint32_t k = 0;
        for (BasicBlock *s : successors(&b)) targets.Set(k++, Napi::Number::New(env, index[s]));
        out.Set(n++, targets);
    }
    return out;
}

// The function's instructions with one of the given opcode names, in order, without a binding
// call per instruction.
Napi::Value fnFindInstructions(const Napi::CallbackInfo &info) {
    FN_SELF("Function.findInstructions(opcodes)");
    std::vector<std::string> opcodes = c.strings(0);
    auto out = Napi::Array::New(c.env());
    uint32_t n = 0;
    for (BasicBlock &b : *f) {
        for (Instruction &inst : b) {
            const char *name = inst.getOpcodeName();
            for (const std::string &opcode : opcodes) {
                if (opcode == name) {
                    out.Set(n++, wrapValue(c.env(), &inst));
                    break;
                }
            }
        }
    }
    return out;
}

// Call-site attributes, by name as Function.addFnAttr takes them (`convergent` on one call, say).
Napi::Value callAddFnAttr(const Napi::CallbackInfo &info) {
    Call c{info, "CallInst.addFnAttr(kind, value?)"};
    auto *call = c.self<CallInst>("a CallInst");
    call->addFnAttr(attribute(c, call->getContext(), 0));
    return c.env().Undefined();
}

Napi::Value callHasFnAttr(const Napi::CallbackInfo &info) {
    Call c{info, "CallInst.hasFnAttr(kind)"};
    auto *call = c.self<CallInst>("a CallInst");
    std::string kind = c.string(0);
    Attribute::AttrKind k = Attribute::getAttrKindFromName(kind);
    const AttributeList &attributes = call->getAttributes();
    return Napi::Boolean::New(c.env(), k == Attribute::None ? attributes.hasFnAttr(kind) : attributes.hasFnAttr(k));
}

}  // namespace

void registerValues(Registry &r) {
    r.method("Value", "getType", getType);
    r.method("Value", "getName", getName);
    r.method("Value", "setName", setName);
    r.method("Value", "replaceAllUsesWith", replaceAllUsesWith);
    r.method("Value", "getUsers", getUsers);
    r.method("Value", "getUses", getUses);
    r.method("Value", "getNumUses", getNumUses);
    r.method("Value", "use_empty", useEmpty);
    r.method("Value", "isSame", isSame);
    r.method("Value", "getValueID", getValueID);
    r.method("Value", "print", print);
    r.method("Value", "setAllowContract", setAllowContract);
    r.method("Value", "deleteValue", deleteValue);
    r.method("User", "getNumOperands", getNumOperands);
    r.method("User", "getOperand", getOperand);
    r.method("User", "setOperand", setOperand);
    r.method("Argument", "getArgNo", argNo);
    r.method("Argument", "getParent", argParent);
    r.statics("BasicBlock", "Create", blockCreate);
    r.method("BasicBlock", "getParent", blockParent);
    r.method("BasicBlock", "getTerminator", blockTerminator);
    r.method("BasicBlock", "getFirstNonPHI", blockFirstNonPHI);
    r.method("BasicBlock", "insertInto", blockInsertInto);
    r.method("BasicBlock", "removeFromParent", blockRemoveFromParent);
    r.method("BasicBlock", "eraseFromParent", blockEraseFromParent);
    r.method("BasicBlock", "getInstructions", blockInstructions);
    r.method("BasicBlock", "empty", blockEmpty);
    r.method("BasicBlock", "describeInstructionsPacked", blockDescribePacked);
    r.method("BasicBlock", "reorder", blockReorder);
    r.method("GlobalValue", "getLinkage", gv_getLinkage);
    r.method("GlobalValue", "setLinkage", gv_setLinkage);
    r.method("GlobalValue", "getVisibility", gv_getVisibility);
    r.method("GlobalValue", "setVisibility", gv_setVisibility);
    r.method("GlobalValue", "getUnnamedAddr", gv_getUnnamedAddr);
    r.method("GlobalValue", "setUnnamedAddr", gv_setUnnamedAddr);
    r.method("GlobalValue", "isDeclaration", gv_isDeclaration);
    r.method("GlobalValue", "getAddressSpace", gv_getAddressSpace);
    r.method("GlobalValue", "getValueType", gv_getValueType);
    r.method("GlobalValue", "getParent", gv_getParent);
    r.method("GlobalValue", "eraseFromParent", gv_eraseFromParent);
    r.method("GlobalObject", "getSection", go_getSection);
    r.method("GlobalObject", "setSection", go_setSection);
    r.method("GlobalObject", "getAlignment", go_getAlignment);
    r.method("GlobalObject", "setAlignment", go_setAlignment);
    r.method("GlobalObject", "setMetadata", go_setMetadata);
    r.method("GlobalObject", "addMetadata", go_addMetadata);
    r.method("GlobalObject", "getMetadata", go_getMetadata);
    r.statics("GlobalVariable", "Create", gvarCreate);
    r.method("GlobalVariable", "getInitializer", gvarGetInitializer);
    r.method("GlobalVariable", "setInitializer", gvarSetInitializer);
    r.method("GlobalVariable", "isConstant", gvarIsConstant);
    r.method("GlobalVariable", "setConstant", gvarSetConstant);
    r.method("GlobalVariable", "isThreadLocal", gvarIsThreadLocal);
    r.method("GlobalVariable", "setThreadLocal", gvarSetThreadLocal);
    r.method("GlobalVariable", "getThreadLocalMode", gvarGetTLM);
    r.method("GlobalVariable", "setThreadLocalMode", gvarSetTLM);
    r.method("GlobalVariable", "isExternallyInitialized", gvarIsExtInit);
    r.method("GlobalVariable", "setExternallyInitialized", gvarSetExtInit);
    r.statics("Function", "Create", fnCreate);
    r.method("Function", "arg_size", fnArgSize);
    r.method("Function", "getArg", fnGetArg);
    r.method("Function", "getArguments", fnArguments);
    r.method("Function", "getBasicBlocks", fnBlocks);
    r.method("Function", "getReturnType", fnReturnType);
    r.method("Function", "getFunctionType", fnFunctionType);
    r.method("Function", "getEntryBlock", fnEntryBlock);
    r.method("Function", "deleteBody", fnDeleteBody);
    r.method("Function", "setSubprogram", fnSetSubprogram);
    r.method("Function", "getSubprogram", fnGetSubprogram);
    r.method("Function", "getCallingConv", fnGetCallingConv);
    r.method("Function", "setCallingConv", fnSetCallingConv);
    r.method("Function", "addFnAttr", fnAddFnAttr);
    r.method("Function", "removeFnAttr", fnRemoveFnAttr);
    r.method("Function", "hasFnAttribute", fnHasFnAttribute);
    r.method("Function", "getFnAttribute", fnGetFnAttribute);
    r.method("Function", "addParamAttr", fnAddParamAttr);
    r.method("Function", "hasParamAttribute", fnHasParamAttribute);
    r.method("Function", "isIntrinsic", fnIsIntrinsic);
    r.method("Function", "getIntrinsicID", fnIntrinsicID);
    r.method("Function", "verify", fnVerify);
    r.method("Function", "getBlockSuccessors", fnSuccessors);
    r.method("Function", "findInstructions", fnFindInstructions);
    r.method("CallInst", "addFnAttr", callAddFnAttr);
    r.method("CallInst", "hasFnAttr", callHasFnAttr);
    r.constants("LinkageTypes", {{"ExternalLinkage", GlobalValue::ExternalLinkage},
                                 {"AvailableExternallyLinkage", GlobalValue::AvailableExternallyLinkage},
                                 {"LinkOnceAnyLinkage", GlobalValue::LinkOnceAnyLinkage},
                                 {"LinkOnceODRLinkage", GlobalValue::LinkOnceODRLinkage},
                                 {"WeakAnyLinkage", GlobalValue::WeakAnyLinkage},
                                 {"WeakODRLinkage", GlobalValue::WeakODRLinkage},
                                 {"AppendingLinkage", GlobalValue::AppendingLinkage},
                                 {"InternalLinkage", GlobalValue::InternalLinkage},
                                 {"PrivateLinkage", GlobalValue::PrivateLinkage},
                                 {"ExternalWeakLinkage", GlobalValue::ExternalWeakLinkage},
                                 {"CommonLinkage", GlobalValue::CommonLinkage}});
    r.constants("VisibilityTypes", {{"DefaultVisibility", GlobalValue::DefaultVisibility},
                                    {"HiddenVisibility", GlobalValue::HiddenVisibility},
                                    {"ProtectedVisibility", GlobalValue::ProtectedVisibility}});
    r.constants("UnnamedAddr", {{"None", 0}, {"Local", 1}, {"Global", 2}});
    r.constants("ThreadLocalMode", {{"NotThreadLocal", GlobalValue::NotThreadLocal},
                                    {"GeneralDynamicTLSModel", GlobalValue::GeneralDynamicTLSModel},
                                    {"LocalDynamicTLSModel", GlobalValue::LocalDynamicTLSModel},
                                    {"InitialExecTLSModel", GlobalValue::InitialExecTLSModel},
                                    {"LocalExecTLSModel", GlobalValue::LocalExecTLSModel}});
    r.constants("CallingConv", {{"C", CallingConv::C},
                                {"Fast", CallingConv::Fast},
                                {"Cold", CallingConv::Cold},
                                {"PreserveMost", CallingConv::PreserveMost},
                                {"PreserveAll", CallingConv::PreserveAll},
                                {"X86_StdCall", CallingConv::X86_StdCall},
                                {"X86_64_SysV", CallingConv::X86_64_SysV},
                                {"PTX_Kernel", CallingConv::PTX_Kernel},
                                {"PTX_Device", CallingConv::PTX_Device},
                                {"SPIR_FUNC", CallingConv::SPIR_FUNC},
                                {"SPIR_KERNEL", CallingConv::SPIR_KERNEL},
                                {"AMDGPU_VS", CallingConv::AMDGPU_VS},
                                {"AMDGPU_GS", CallingConv::AMDGPU_GS},
                                {"AMDGPU_PS", CallingConv::AMDGPU_PS},
                                {"AMDGPU_CS", CallingConv::AMDGPU_CS},
                                {"AMDGPU_KERNEL", CallingConv::AMDGPU_KERNEL},
                                {"AMDGPU_Gfx", CallingConv::AMDGPU_Gfx},
                                {"MaxID", CallingConv::MaxID}});
}

}  // namespace gpuc
