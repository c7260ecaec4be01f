// Contexts, modules (creation, parsing, bitcode, cloning, flags, named metadata, verification),
// data layouts, linking and internalising.
#include "handles.h"

#include <llvm/AsmParser/Parser.h>
#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/Bitcode/BitcodeWriter.h>
#include <llvm/IR/DataLayout.h>
#include <llvm/IR/Verifier.h>
#include <llvm/IRReader/IRReader.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/TargetParser/Triple.h>
#include <llvm/Transforms/IPO/Internalize.h>
#include <llvm/Transforms/Utils/Cloning.h>

namespace gpuc {
namespace {

using llvm::Module;

Napi::Value contextNew(const Napi::CallbackInfo &info) {
    Call c{info, "new LLVMContext()"};
    auto *h = new Handle{Kind::Context};
    h->context = newContext();
    napi_wrap(c.env(), info.This(), h, [](napi_env, void *d, void *) { delete static_cast<Handle *>(d); }, nullptr,
              nullptr);
    return c.env().Undefined();
}

Napi::Value contextDispose(const Napi::CallbackInfo &info) {
    Call c{info, "LLVMContext.dispose()"};
    void *data = nullptr;
    if (napi_unwrap(c.env(), info.This(), &data) != napi_ok) c.fail("expected an LLVMContext");
    auto *h = static_cast<Handle *>(data);
    if (h->kind != Kind::Context) c.fail("expected an LLVMContext");
    h->context->dispose();
    return c.env().Undefined();
}

Napi::Value contextIsDisposed(const Napi::CallbackInfo &info) {
    void *data = nullptr;
    napi_unwrap(info.Env(), info.This(), &data);
    auto *h = static_cast<Handle *>(data);
    return Napi::Boolean::New(info.Env(), h == nullptr || h->context->context == nullptr);
}

Napi::Value moduleNew(const Napi::CallbackInfo &info) {
    Call c{info, "new Module(name, context)"};
    std::string name = c.string(0);
    llvm::LLVMContext &context = c.contextArg(1);
    auto slot = adoptModule(std::make_unique<Module>(name, context));
    auto *h = new Handle{Kind::Module};
    h->module = slot;
    h->context = slot->context;
    napi_wrap(c.env(), info.This(), h, [](napi_env, void *d, void *) { delete static_cast<Handle *>(d); }, nullptr,
              nullptr);
    return c.env().Undefined();
}

#define SELF(sig) \
    Call c{info, sig}; \
    Module *m = c.module(info.This());

Napi::Value getName(const Napi::CallbackInfo &info) {
    SELF("Module.getName()");
    return Napi::String::New(c.env(), m->getModuleIdentifier());
}

Napi::Value getTargetTriple(const Napi::CallbackInfo &info) {
    SELF("Module.getTargetTriple()");
    return Napi::String::New(c.env(), m->getTargetTriple().str());
}

Napi::Value setTargetTriple(const Napi::CallbackInfo &info) {
    SELF("Module.setTargetTriple(triple)");
    m->setTargetTriple(llvm::Triple(c.string(0)));
    return c.env().Undefined();
}

Napi::Value getDataLayout(const Napi::CallbackInfo &info) {
    SELF("Module.getDataLayout()");
    auto *h = new Handle{Kind::DataLayout};
    h->owned = std::make_shared<llvm::DataLayout>(m->getDataLayout());
    return wrapHandle(c.env(), "DataLayout", h);
}

Napi::Value setDataLayout(const Napi::CallbackInfo &info) {
    SELF("Module.setDataLayout(layout)");
    if (info.Length() > 0 && info[0].IsString()) {
        auto parsed = llvm::DataLayout::parse(c.string(0));
        if (!parsed) c.fail("bad data layout: " + llvm::toString(parsed.takeError()));
        m->setDataLayout(*parsed);
    } else {
        Handle *h = c.handle(c.at(0), Kind::DataLayout, "a data layout string or DataLayout");
        m->setDataLayout(*static_cast<llvm::DataLayout *>(h->owned.get()));
    }
    return c.env().Undefined();
}

Napi::Value getFunction(const Napi::CallbackInfo &info) {
    SELF("Module.getFunction(name)");
    return wrapValue(c.env(), m->getFunction(c.string(0)));
}

Napi::Value getOrInsertFunction(const Napi::CallbackInfo &info) {
    SELF("Module.getOrInsertFunction(name, type)");
    auto *type = llvm::dyn_cast<llvm::FunctionType>(c.typeArg(1));
    if (type == nullptr) c.fail("argument 2 must be a FunctionType");
    std::string name = c.string(0);
    if (auto *existing = m->getNamedValue(name); existing != nullptr && !llvm::isa<llvm::Function>(existing)) {
        c.fail("'" + name + "' names a global that is not a function");
    }
    llvm::FunctionCallee callee = m->getOrInsertFunction(name, type);
    return newInstance(c.env(), "FunctionCallee",
                       {wrapType(c.env(), callee.getFunctionType()), wrapValue(c.env(), callee.getCallee())});
}

Napi::Value getGlobalVariable(const Napi::CallbackInfo &info) {
    SELF("Module.getGlobalVariable(name, allowInternal?)");
    return wrapValue(c.env(), m->getGlobalVariable(c.string(0), c.optBool(1, false)));
}

Napi::Value getNamedValue(const Napi::CallbackInfo &info) {
    SELF("Module.getNamedValue(name)");
    return wrapValue(c.env(), m->getNamedValue(c.string(0)));
}

Napi::Value getFunctions(const Napi::CallbackInfo &info) {
    SELF("Module.getFunctions()");
    auto out = Napi::Array::New(c.env());
    uint32_t i = 0;
    for (llvm::Function &f : *m) out.Set(i++, wrapValue(c.env(), &f));
    return out;
}

Napi::Value getGlobalVariables(const Napi::CallbackInfo &info) {
    SELF("Module.getGlobalVariables()");
    auto out = Napi::Array::New(c.env());
    uint32_t i = 0;
    for (llvm::GlobalVariable &g : m->globals()) out.Set(i++, wrapValue(c.env(), &g));
    return out;
}

Napi::Value addModuleFlag(const Napi::CallbackInfo &info) {
    SELF("Module.addModuleFlag(behavior, key, value)");
    unsigned behavior = c.unsignedInt(0);
    if (behavior < Module::ModFlagBehaviorFirstVal || behavior > Module::ModFlagBehaviorLastVal) {
        c.fail("unknown module flag behaviour " + std::to_string(behavior) + " (see Module.ModFlagBehavior)");
    }
    std::string key = c.string(1);
    if (m->getModuleFlag(key) != nullptr) c.fail("module flag '" + key + "' is already set");
    auto b = static_cast<Module::ModFlagBehavior>(behavior);
    if (c.at(2).IsNumber()) m->addModuleFlag(b, key, c.unsignedInt(2));
    else m->addModuleFlag(b, key, c.metadata(c.at(2)));
    return c.env().Undefined();
}

Napi::Value getModuleFlag(const Napi::CallbackInfo &info) {
    SELF("Module.getModuleFlag(key)");
    return wrapMetadata(c.env(), m->getModuleFlag(c.string(0)), &m->getContext());
}

Napi::Value wrapNamed(Napi::Env env, const Napi::CallbackInfo &info, llvm::NamedMDNode *node) {
    if (node == nullptr) return env.Null();
    void *data = nullptr;
    napi_unwrap(env, info.This(), &data);
    auto *h = new Handle{Kind::NamedMD};
    h->module = static_cast<Handle *>(data)->module;
    h->context = h->module->context;
    h->pointer = node;
    return wrapHandle(env, "NamedMDNode", h);
}

Napi::Value getNamedMetadata(const Napi::CallbackInfo &info) {
    SELF("Module.getNamedMetadata(name)");
    return wrapNamed(c.env(), info, m->getNamedMetadata(c.string(0)));
}

Napi::Value getOrInsertNamedMetadata(const Napi::CallbackInfo &info) {
    SELF("Module.getOrInsertNamedMetadata(name)");
    return wrapNamed(c.env(), info, m->getOrInsertNamedMetadata(c.string(0)));
}

Napi::Value getNamedMetadataNames(const Napi::CallbackInfo &info) {
    SELF("Module.getNamedMetadataNames()");
    auto out = Napi::Array::New(c.env());
    uint32_t i = 0;
    for (llvm::NamedMDNode &n : m->named_metadata()) out.Set(i++, Napi::String::New(c.env(), n.getName().str()));
    return out;
}

Napi::Value toBitcode(const Napi::CallbackInfo &info) {
    SELF("Module.toBitcode(preserveUseListOrder?)");
    // With the use-list order kept, the module read back prints as this one does (the order of
    // `; preds` comments included).
    bool preserveUseListOrder = c.optBool(0, false);
    llvm::SmallVector<char, 0> bytes;
    llvm::raw_svector_ostream out(bytes);
    llvm::WriteBitcodeToFile(*m, out, preserveUseListOrder);
    return Napi::Buffer<char>::Copy(c.env(), bytes.data(), bytes.size());
}

Napi::Value print(const Napi::CallbackInfo &info) {
    SELF("Module.print()");
    std::string text;
    llvm::raw_string_ostream out(text);
    m->print(out, nullptr);
    return Napi::String::New(c.env(), text);
}

Napi::Value getContext(const Napi::CallbackInfo &info) {
    SELF("Module.getContext()");
    return wrapContext(c.env(), contextSlotOf(m->getContext()));
}

Napi::Value clone(const Napi::CallbackInfo &info) {
    SELF("Module.clone()");
    auto copy = llvm::CloneModule(*m);
    llvm::Module *raw = copy.get();
    adoptModule(std::move(copy));
    return wrapModule(c.env(), raw);
}

Napi::Value dispose(const Napi::CallbackInfo &info) {
    SELF("Module.dispose()");
    releaseModule(m);
    delete m;
    return c.env().Undefined();
}

Napi::Value isDisposed(const Napi::CallbackInfo &info) {
    Call c{info, "Module.isDisposed()"};
    Handle *h = c.handle(info.This(), Kind::Module, nullptr);
    return Napi::Boolean::New(c.env(), h->module->module == nullptr);
}

Napi::Value verify(const Napi::CallbackInfo &info) {
    SELF("Module.verify()");
    std::string text;
    llvm::raw_string_ostream out(text);
    if (!llvm::verifyModule(*m, &out)) return c.env().Null();
    return Napi::String::New(c.env(), text);
}

Napi::Value empty(const Napi::CallbackInfo &info) {
    SELF("Module.empty()");
    return Napi::Boolean::New(c.env(), m->empty());
}

// ---- parsing, linking, internalising ----

// Bitcode read lazily: each function's body is read when first needed (a link that takes it).
std::unique_ptr<Module> parseLazily(Call &c, const Napi::Buffer<char> &buffer, const std::string &name,
                                    llvm::LLVMContext &context) {
    auto copy = llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(buffer.Data(), buffer.Length()), name);
    Diagnostics diagnostics(context);
    auto module = llvm::getOwningLazyBitcodeModule(std::move(copy), context);
    if (!module) throw Napi::Error::New(c.env(), name + ": " + llvm::toString(module.takeError()) + diagnostics.text());
    return std::move(*module);
}

Napi::Value parseIR(const Napi::CallbackInfo &info) {
    Call c{info, "parseIR(source, context, name?, lazy?)"};
    llvm::LLVMContext &context = c.contextArg(1);
    std::string name = c.optString(2, "<memory>");
    if (c.optBool(3, false)) {
        if (!c.at(0).IsBuffer()) c.fail("only bitcode (a Buffer) is read lazily");
        std::unique_ptr<Module> module = parseLazily(c, c.at(0).As<Napi::Buffer<char>>(), name, context);
        llvm::Module *raw = module.get();
        adoptModule(std::move(module));
        return wrapModule(c.env(), raw);
    }
    std::string text;
    if (c.at(0).IsBuffer()) {
        auto buffer = c.at(0).As<Napi::Buffer<char>>();
        text.assign(buffer.Data(), buffer.Length());
    } else if (c.at(0).IsString()) {
        text = c.string(0);
    } else {
        c.fail("argument 1 must be IR text or a Buffer of bitcode");
    }
    llvm::SMDiagnostic error;
    Diagnostics diagnostics(context);
    auto module = llvm::parseIR(llvm::MemoryBufferRef(text, name), error, context);
    if (!module) {
        std::string message;
        llvm::raw_string_ostream out(message);
        error.print(name.c_str(), out, false);
        throw Napi::Error::New(c.env(), message + diagnostics.text());
    }
    llvm::Module *raw = module.get();
    adoptModule(std::move(module));
    return wrapModule(c.env(), raw);
}

Napi::Value linkModules(const Napi::CallbackInfo &info) {
    Call c{info, "Linker.linkModules(dest, src, flags?)"};
    Module *dest = c.moduleArg(0);
    Module *src = c.moduleArg(1);
    unsigned flags = c.optUnsigned(2, llvm::Linker::Flags::None);
    if (dest == src) c.fail("cannot link a module into itself");
    if (&dest->getContext() != &src->getContext()) c.fail("the modules must live in the same LLVMContext");
    if (flags & ~(llvm::Linker::Flags::OverrideFromSrc | llvm::Linker::Flags::LinkOnlyNeeded)) {
        c.fail("unknown linker flags " + std::to_string(flags));
    }
    releaseModule(src);
    Diagnostics diagnostics(dest->getContext());
    bool failed = guardFatal(c.env(), "Linker.linkModules", [&] {
        return llvm::Linker::linkModules(*dest, std::unique_ptr<Module>(src), flags);
    });
    if (failed || diagnostics.hasErrors()) {
        throw Napi::Error::New(c.env(), "linking failed:\n" + diagnostics.text());
    }
    return Napi::String::New(c.env(), diagnostics.text());
}

Napi::Value internalize(const Napi::CallbackInfo &info) {
    Call c{info, "internalize(module, preserve)"};
    Module *m = c.moduleArg(0);
    auto names = c.strings(1);
    llvm::StringSet<> keep;
    for (auto &n : names) keep.insert(n);
    bool changed = llvm::internalizeModule(*m, [&](const llvm::GlobalValue &g) { return keep.contains(g.getName()); });
    return Napi::Boolean::New(c.env(), changed);
}

// ---- data layouts and named metadata ----

Napi::Value dataLayoutNew(const Napi::CallbackInfo &info) {
    Call c{info, "new DataLayout(layout)"};
    auto parsed = llvm::DataLayout::parse(c.string(0));
    if (!parsed) c.fail("bad data layout: " + llvm::toString(parsed.takeError()));
    auto *h = new Handle{Kind::DataLayout};
    h->owned = std::make_shared<llvm::DataLayout>(*parsed);
    napi_wrap(c.env(), info.This(), h, [](napi_env, void *d, void *) { delete static_cast<Handle *>(d); }, nullptr,
              nullptr);
    return c.env().Undefined();
}

Napi::Value getTypeAllocSize(const Napi::CallbackInfo &info) {
    Call c{info, "DataLayout.getTypeAllocSize(type)"};
    auto *layout = static_cast<llvm::DataLayout *>(c.handle(info.This(), Kind::DataLayout, nullptr)->owned.get());
    llvm::Type *type = c.typeArg(0);
    if (!type->isSized()) c.fail("the type has no size");
    return Napi::Number::New(c.env(), static_cast<double>(layout->getTypeAllocSize(type).getFixedValue()));
}

Napi::Value dataLayoutString(const Napi::CallbackInfo &info) {
    Call c{info, "DataLayout.getStringRepresentation()"};
    auto *layout = static_cast<llvm::DataLayout *>(c.handle(info.This(), Kind::DataLayout, nullptr)->owned.get());
    return Napi::String::New(c.env(), layout->getStringRepresentation());
}

llvm::NamedMDNode *named(Call &c) {
    Handle *h = c.handle(c.info.This(), Kind::NamedMD, nullptr);
    if (h->module->module == nullptr) c.fail("this named metadata's module is gone");
    return static_cast<llvm::NamedMDNode *>(h->pointer);
}

Napi::Value namedGetName(const Napi::CallbackInfo &info) {
    Call c{info, "NamedMDNode.getName()"};
    return Napi::String::New(c.env(), named(c)->getName().str());
}

Napi::Value namedGetNumOperands(const Napi::CallbackInfo &info) {
    Call c{info, "NamedMDNode.getNumOperands()"};
    return Napi::Number::New(c.env(), named(c)->getNumOperands());
}

Napi::Value namedGetOperand(const Napi::CallbackInfo &info) {
    Call c{info, "NamedMDNode.getOperand(index)"};
    llvm::NamedMDNode *n = named(c);
    unsigned i = c.unsignedInt(0);
    if (i >= n->getNumOperands()) c.fail("operand index out of range");
    return wrapMetadata(c.env(), n->getOperand(i));
}

Napi::Value namedGetOperands(const Napi::CallbackInfo &info) {
    Call c{info, "NamedMDNode.getOperands()"};
    llvm::NamedMDNode *n = named(c);
    auto out = Napi::Array::New(c.env());
    for (unsigned i = 0; i < n->getNumOperands(); i++) out.Set(i, wrapMetadata(c.env(), n->getOperand(i)));
    return out;
}

Napi::Value namedAddOperand(const Napi::CallbackInfo &info) {
    Call c{info, "NamedMDNode.addOperand(node)"};
    llvm::NamedMDNode *n = named(c);
    auto *node = llvm::dyn_cast<llvm::MDNode>(c.metadata(c.at(0)));
    if (node == nullptr) c.fail("argument 1 must be an MDNode");
    if (&node->getContext() != &n->getParent()->getContext()) c.fail("the node lives in another context");
    n->addOperand(node);
    return c.env().Undefined();
}

}  // namespace

void registerModule(Registry &r) {
    r.statics("LLVMContext", "new", contextNew);
    r.method("LLVMContext", "dispose", contextDispose);
    r.method("LLVMContext", "isDisposed", contextIsDisposed);
    r.statics("Module", "new", moduleNew);
    r.method("Module", "getName", getName);
    r.method("Module", "getModuleIdentifier", getName);
    r.method("Module", "getTargetTriple", getTargetTriple);
    r.method("Module", "setTargetTriple", setTargetTriple);
    r.method("Module", "getDataLayout", getDataLayout);
    r.method("Module", "setDataLayout", setDataLayout);
    r.method("Module", "getFunction", getFunction);
    r.method("Module", "getOrInsertFunction", getOrInsertFunction);
    r.method("Module", "getGlobalVariable", getGlobalVariable);
    r.method("Module", "getNamedValue", getNamedValue);
    r.method("Module", "getFunctions", getFunctions);
    r.method("Module", "getGlobalVariables", getGlobalVariables);
    r.method("Module", "addModuleFlag", addModuleFlag);
    r.method("Module", "getModuleFlag", getModuleFlag);
    r.method("Module", "getNamedMetadata", getNamedMetadata);
    r.method("Module", "getOrInsertNamedMetadata", getOrInsertNamedMetadata);
    r.method("Module", "getNamedMetadataNames", getNamedMetadataNames);
    r.method("Module", "toBitcode", toBitcode);
    r.method("Module", "print", print);
    r.method("Module", "getContext", getContext);
    r.method("Module", "clone", clone);
    r.method("Module", "dispose", dispose);
    r.method("Module", "isDisposed", isDisposed);
    r.method("Module", "verify", verify);
    r.method("Module", "empty", empty);
    r.constants("ModFlagBehavior", {{"Error", Module::Error},
                                    {"Warning", Module::Warning},
                                    {"Require", Module::Require},
                                    {"Override", Module::Override},
                                    {"Append", Module::Append},
                                    {"AppendUnique", Module::AppendUnique},
                                    {"Max", Module::Max},
                                    {"Min", Module::Min}});
    r.function("parseIR", parseIR);
    r.statics("Linker", "linkModules", linkModules);
    r.constants("LinkerFlags", {{"None", llvm::Linker::Flags::None},
                                {"OverrideFromSrc", llvm::Linker::Flags::OverrideFromSrc},
                                {"LinkOnlyNeeded", llvm::Linker::Flags::LinkOnlyNeeded}});
    r.function("internalize", internalize);
    r.statics("DataLayout", "new", dataLayoutNew);
    r.method("DataLayout", "getTypeAllocSize", getTypeAllocSize);
    r.method("DataLayout", "getStringRepresentation", dataLayoutString);
    r.method("NamedMDNode", "getName", namedGetName);
    r.method("NamedMDNode", "getNumOperands", namedGetNumOperands);
    r.method("NamedMDNode", "getOperand", namedGetOperand);
    r.method("NamedMDNode", "getOperands", namedGetOperands);
    r.method("NamedMDNode", "addOperand", namedAddOperand);
}

}  // namespace gpuc
