// Handles, wrapping, argument checks, diagnostics and fatal-error guards (see handles.h).
#include "handles.h"

#include <algorithm>
#include <unordered_map>

#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/InlineAsm.h>
#include <llvm/IR/Instructions.h>
#include <llvm/Support/raw_ostream.h>

namespace gpuc {

namespace {

// Allocated once and never destroyed: at exit, C++ destructors of references would run after
// Node has torn the environment down, and handles finalised during teardown still use the maps.
auto &classes = *new std::unordered_map<std::string, Napi::FunctionReference>();
auto &shells = *new std::unordered_map<std::string, Napi::FunctionReference>();
// Shells by the address of the class name each wrap passes (a literal): no string per wrapper.
auto &shellsByName = *new std::unordered_map<const char *, Napi::FunctionReference *>();
auto &contexts = *new std::unordered_map<llvm::LLVMContext *, std::weak_ptr<ContextSlot>>();
auto &modules = *new std::unordered_map<llvm::Module *, std::weak_ptr<ModuleSlot>>();

void finalize(napi_env, void *data, void *) { delete static_cast<Handle *>(data); }

const char *valueClass(llvm::Value *v) {
    using namespace llvm;
    if (isa<Function>(v)) return "Function";
    if (isa<GlobalVariable>(v)) return "GlobalVariable";
    if (isa<GlobalValue>(v)) return "GlobalValue";
    if (isa<ConstantInt>(v)) return "ConstantInt";
    if (isa<ConstantFP>(v)) return "ConstantFP";
    if (isa<ConstantExpr>(v)) return "ConstantExpr";
    if (isa<ConstantPointerNull>(v)) return "ConstantPointerNull";
    if (isa<ConstantStruct>(v)) return "ConstantStruct";
    if (isa<ConstantDataArray>(v)) return "ConstantDataArray";
    if (isa<UndefValue>(v)) return "UndefValue";
    if (isa<Constant>(v)) return "Constant";
    if (isa<Argument>(v)) return "Argument";
    if (isa<BasicBlock>(v)) return "BasicBlock";
    if (isa<InlineAsm>(v)) return "InlineAsm";
    if (isa<MetadataAsValue>(v)) return "MetadataAsValue";
    if (isa<AllocaInst>(v)) return "AllocaInst";
    if (isa<LoadInst>(v)) return "LoadInst";
    if (isa<StoreInst>(v)) return "StoreInst";
    if (isa<CallInst>(v)) return "CallInst";
    if (isa<ReturnInst>(v)) return "ReturnInst";
    if (isa<UnreachableInst>(v)) return "UnreachableInst";
    if (isa<BranchInst>(v)) return "BranchInst";
    if (isa<SwitchInst>(v)) return "SwitchInst";
    if (isa<PHINode>(v)) return "PHINode";
    if (isa<AtomicRMWInst>(v)) return "AtomicRMWInst";
    if (isa<AtomicCmpXchgInst>(v)) return "AtomicCmpXchgInst";
    if (isa<FenceInst>(v)) return "FenceInst";
    if (isa<GetElementPtrInst>(v)) return "GetElementPtrInst";
    if (isa<Instruction>(v)) return "Instruction";
    if (isa<User>(v)) return "User";
    return "Value";
}

const char *typeClass(llvm::Type *t) {
    using namespace llvm;
    if (isa<IntegerType>(t)) return "IntegerType";
    if (isa<FunctionType>(t)) return "FunctionType";
    if (isa<PointerType>(t)) return "PointerType";
    if (isa<StructType>(t)) return "StructType";
    if (isa<ArrayType>(t)) return "ArrayType";
    if (isa<VectorType>(t)) return "VectorType";
    return "Type";
}

const char *metadataClass(llvm::Metadata *m) {
    using namespace llvm;
    if (isa<MDString>(m)) return "MDString";
    if (isa<ConstantAsMetadata>(m)) return "ConstantAsMetadata";
    if (isa<ValueAsMetadata>(m)) return "ValueAsMetadata";
    if (isa<DILocation>(m)) return "DILocation";
    if (isa<DISubprogram>(m)) return "DISubprogram";
    if (isa<DIFile>(m)) return "DIFile";
    if (isa<DICompileUnit>(m)) return "DICompileUnit";
    if (isa<DISubroutineType>(m)) return "DISubroutineType";
    if (isa<MDNode>(m)) return "MDNode";
    return "Metadata";
}

}  // namespace

ContextSlot::~ContextSlot() { dispose(); }

void ContextSlot::depend(const std::shared_ptr<Dependent> &dependent) {
    // Forget dependents already gone whenever the list doubles, so it stays proportional.
    if (dependents.size() >= 64 && (dependents.size() & (dependents.size() - 1)) == 0) {
        dependents.erase(std::remove_if(dependents.begin(), dependents.end(),
                                        [](const std::weak_ptr<Dependent> &d) { return d.expired(); }),
                         dependents.end());
    }
    dependents.push_back(dependent);
}

namespace {
void unwatch(Handle *handle) {
    if (!handle->watched) return;
    if (handle->watchPrevious) handle->watchPrevious->watchNext = handle->watchNext;
    else handle->context->watching = handle->watchNext;
    if (handle->watchNext) handle->watchNext->watchPrevious = handle->watchPrevious;
    handle->watchPrevious = handle->watchNext = nullptr;
    handle->watched = false;
}
}  // namespace

Handle::~Handle() {
    if (context) unwatch(this);
}

void watch(Handle *handle) {
    if (handle->watched) return;
    ContextSlot &slot = *handle->context;
    handle->watchNext = slot.watching;
    if (slot.watching) slot.watching->watchPrevious = handle;
    slot.watching = handle;
    handle->watched = true;
}

void ContextSlot::dispose() {
    if (context == nullptr) return;
    while (watching != nullptr) {
        Handle *handle = watching;
        handle->value = nullptr;
        handle->insertBlock = nullptr;
        handle->insertPoint = nullptr;
        unwatch(handle);
    }
    for (auto &weak : dependents) {
        if (auto dependent = weak.lock()) dependent->release();
    }
    dependents.clear();
    for (auto it = modules.begin(); it != modules.end();) {
        auto slot = it->second.lock();
        if (&it->first->getContext() == context) {
            if (slot) slot->module = nullptr;
            it = modules.erase(it);
        } else {
            ++it;
        }
    }
    contexts.erase(context);
    delete context;  // frees its modules, values, types and metadata
    context = nullptr;
}

ModuleSlot::~ModuleSlot() {
    if (module == nullptr) return;
    auto it = modules.find(module);
    if (it != modules.end() && it->second.expired()) modules.erase(it);
}

std::shared_ptr<ContextSlot> newContext() {
    auto slot = std::make_shared<ContextSlot>();
    slot->context = new llvm::LLVMContext();
    contexts[slot->context] = slot;
    return slot;
}

std::shared_ptr<ContextSlot> contextSlotOf(llvm::LLVMContext &context) {
    auto it = contexts.find(&context);
    if (it != contexts.end()) {
        if (auto slot = it->second.lock()) return slot;
    }
    // Every context is made by newContext(), and lives while any wrapper of its objects does.
    throw std::logic_error("@gpuc/llvm: an LLVM object of an unknown or freed context");
}

std::shared_ptr<ModuleSlot> adoptModule(std::unique_ptr<llvm::Module> module) {
    auto slot = std::make_shared<ModuleSlot>();
    slot->context = contextSlotOf(module->getContext());
    slot->module = module.release();  // owned by its context until disposed
    modules[slot->module] = slot;
    return slot;
}

void releaseModule(llvm::Module *module) {
    auto it = modules.find(module);
    if (it == modules.end()) return;
    if (auto slot = it->second.lock()) slot->module = nullptr;
    modules.erase(it);
}

void registerClasses(Napi::Env env, Napi::Object table, Napi::Object shellTable) {
    Napi::Array names = table.GetPropertyNames();
    for (uint32_t i = 0; i < names.Length(); i++) {
        std::string name = names.Get(i).As<Napi::String>();
        classes[name] = Napi::Persistent(table.Get(name).As<Napi::Function>());
        if (Napi::Value shell = shellTable.Get(name); shell.IsFunction()) {
            shells[name] = Napi::Persistent(shell.As<Napi::Function>());
        }
    }
    shellsByName.clear();
}

Napi::Value wrapHandle(Napi::Env env, const char *cls, Handle *handle) {
    auto cached = shellsByName.find(cls);
    if (cached == shellsByName.end()) {
        auto it = shells.find(cls);
        if (it == shells.end()) {
            delete handle;
            throw Napi::Error::New(env, std::string("@gpuc/llvm: class ") + cls + " is not registered");
        }
        cached = shellsByName.emplace(cls, &it->second).first;
    }
    Napi::Object object = cached->second->New({});
    napi_status status = napi_wrap(env, object, handle, finalize, nullptr, nullptr);
    if (status != napi_ok) {
        delete handle;
        throw Napi::Error::New(env, "@gpuc/llvm: could not wrap an LLVM object");
    }
    return object;
}

Napi::Value newInstance(Napi::Env env, const char *cls, const std::initializer_list<napi_value> &args) {
    auto it = classes.find(cls);
    if (it == classes.end()) throw Napi::Error::New(env, std::string("@gpuc/llvm: class ") + cls + " is not registered");
    return it->second.New(args);
}

Napi::Value wrapValue(Napi::Env env, llvm::Value *value) {
    if (value == nullptr) return env.Null();
    auto *h = new Handle{Kind::Value};
    h->value = value;
    h->context = contextSlotOf(value->getContext());
    watch(h);
    return wrapHandle(env, valueClass(value), h);
}

Napi::Value wrapType(Napi::Env env, llvm::Type *type) {
    if (type == nullptr) return env.Null();
    auto *h = new Handle{Kind::Type};
    h->pointer = type;
    h->context = contextSlotOf(type->getContext());
    return wrapHandle(env, typeClass(type), h);
}

Napi::Value wrapMetadata(Napi::Env env, llvm::Metadata *metadata, llvm::LLVMContext *context) {
    if (metadata == nullptr) return env.Null();
    auto *h = new Handle{Kind::Metadata};
    h->pointer = metadata;
    if (auto *vam = llvm::dyn_cast<llvm::ValueAsMetadata>(metadata)) {
        // Deleted together with its value: remember the value to notice.
        h->value = vam->getValue();
        h->context = contextSlotOf(vam->getValue()->getContext());
        watch(h);
    } else if (auto *node = llvm::dyn_cast<llvm::MDNode>(metadata)) {
        h->context = contextSlotOf(node->getContext());
    } else if (context != nullptr) {
        h->context = contextSlotOf(*context);
    } else {
        delete h;
        throw Napi::Error::New(env, "@gpuc/llvm: metadata without a known context");
    }
    return wrapHandle(env, metadataClass(metadata), h);
}

Napi::Value wrapModule(Napi::Env env, llvm::Module *module) {
    if (module == nullptr) return env.Null();
    std::shared_ptr<ModuleSlot> slot;
    auto it = modules.find(module);
    if (it != modules.end()) slot = it->second.lock();
    if (!slot) {
        slot = std::make_shared<ModuleSlot>();
        slot->module = module;
        slot->context = contextSlotOf(module->getContext());
        modules[module] = slot;
    }
    auto *h = new Handle{Kind::Module};
    h->module = slot;
    h->context = slot->context;
    return wrapHandle(env, "Module", h);
}

Napi::Value wrapContext(Napi::Env env, std::shared_ptr<ContextSlot> slot) {
    auto *h = new Handle{Kind::Context};
    h->context = std::move(slot);
    return wrapHandle(env, "LLVMContext", h);
}

// ---- Call ----

void Call::fail(const std::string &why) const {
    throw Napi::TypeError::New(info.Env(), std::string(name) + ": " + why);
}

const Napi::Value Call::at(size_t i) const {
    if (info.Length() <= i || info[i].IsUndefined()) fail("missing argument " + std::to_string(i + 1));
    return info[i];
}

static const char *kindName(Kind kind) {
    switch (kind) {
    case Kind::Context: return "an LLVMContext";
    case Kind::Module: return "a Module";
    case Kind::Value: return "an LLVM value";
    case Kind::Type: return "an LLVM type";
    case Kind::Metadata: return "Metadata";
    case Kind::Builder: return "an IRBuilder";
    case Kind::DIBuilder: return "a DIBuilder";
    case Kind::NamedMD: return "a NamedMDNode";
    case Kind::DataLayout: return "a DataLayout";
    case Kind::Target: return "a Target";
    case Kind::TargetMachine: return "a TargetMachine";
    }
    return "an LLVM object";
}

Handle *Call::handle(const Napi::Value &value, Kind kind, const char *what) const {
    void *data = nullptr;
    if (!value.IsObject() || napi_unwrap(info.Env(), value, &data) != napi_ok || data == nullptr) {
        fail(std::string("expected ") + (what ? what : kindName(kind)));
    }
    auto *h = static_cast<Handle *>(data);
    if (h->kind != kind) fail(std::string("expected ") + (what ? what : kindName(kind)) + ", got " + kindName(h->kind));
    if (h->context && h->context->context == nullptr) {
        fail("its LLVM context was disposed; the object cannot be used any more");
    }
    return h;
}

llvm::Value *Call::value(const Napi::Value &v) const {
    Handle *h = handle(v, Kind::Value, nullptr);
    llvm::Value *raw = h->value;
    if (raw == nullptr) {
        fail("this LLVM value was deleted (erased, or its module was disposed or linked into another)");
    }
    return raw;
}

llvm::Type *Call::type(const Napi::Value &v) const {
    return static_cast<llvm::Type *>(handle(v, Kind::Type, nullptr)->pointer);
}

llvm::Metadata *Call::metadata(const Napi::Value &v) const {
    Handle *h = handle(v, Kind::Metadata, nullptr);
    auto *m = static_cast<llvm::Metadata *>(h->pointer);
    if (llvm::isa<llvm::ValueAsMetadata>(m) && h->value == nullptr) {
        fail("this metadata's value was deleted");
    }
    return m;
}

llvm::Module *Call::module(const Napi::Value &v) const {
    Handle *h = handle(v, Kind::Module, nullptr);
    if (h->module->module == nullptr) {
        fail("this LLVM module is gone (disposed, or consumed by a link)");
    }
    return h->module->module;
}

llvm::LLVMContext &Call::context(const Napi::Value &v) const {
    return *handle(v, Kind::Context, nullptr)->context->context;
}

std::string Call::string(size_t i) const {
    Napi::Value v = at(i);
    if (!v.IsString()) fail("argument " + std::to_string(i + 1) + " must be a string");
    return v.As<Napi::String>();
}

std::string Call::optString(size_t i, const std::string &fallback) const {
    if (!has(i) || info[i].IsNull()) return fallback;
    return string(i);
}

double Call::number(size_t i) const {
    Napi::Value v = at(i);
    if (!v.IsNumber()) fail("argument " + std::to_string(i + 1) + " must be a number");
    return v.As<Napi::Number>().DoubleValue();
}

unsigned Call::unsignedInt(size_t i) const {
    double d = number(i);
    if (d < 0 || d > 4294967295.0 || d != static_cast<double>(static_cast<uint64_t>(d))) {
        fail("argument " + std::to_string(i + 1) + " must be a non-negative integer");
    }
    return static_cast<unsigned>(d);
}

unsigned Call::optUnsigned(size_t i, unsigned fallback) const {
    if (!has(i) || info[i].IsNull()) return fallback;
    return unsignedInt(i);
}

bool Call::boolean(size_t i) const {
    Napi::Value v = at(i);
    if (!v.IsBoolean()) fail("argument " + std::to_string(i + 1) + " must be a boolean");
    return v.As<Napi::Boolean>();
}

bool Call::optBool(size_t i, bool fallback) const {
    if (!has(i)) return fallback;
    return boolean(i);
}

std::vector<llvm::Value *> Call::values(size_t i) const {
    Napi::Value v = at(i);
    if (!v.IsArray()) fail("argument " + std::to_string(i + 1) + " must be an array of values");
    auto array = v.As<Napi::Array>();
    std::vector<llvm::Value *> out;
    for (uint32_t k = 0; k < array.Length(); k++) out.push_back(value(array.Get(k)));
    return out;
}

std::vector<llvm::Type *> Call::types(size_t i) const {
    Napi::Value v = at(i);
    if (!v.IsArray()) fail("argument " + std::to_string(i + 1) + " must be an array of types");
    auto array = v.As<Napi::Array>();
    std::vector<llvm::Type *> out;
    for (uint32_t k = 0; k < array.Length(); k++) out.push_back(type(array.Get(k)));
    return out;
}

std::vector<std::string> Call::strings(size_t i) const {
    Napi::Value v = at(i);
    if (!v.IsArray()) fail("argument " + std::to_string(i + 1) + " must be an array of strings");
    auto array = v.As<Napi::Array>();
    std::vector<std::string> out;
    for (uint32_t k = 0; k < array.Length(); k++) {
        Napi::Value s = array.Get(k);
        if (!s.IsString()) fail("argument " + std::to_string(i + 1) + " must be an array of strings");
        out.push_back(s.As<Napi::String>());
    }
    return out;
}

// ---- diagnostics and fatal errors ----

Diagnostics::Diagnostics(llvm::LLVMContext &context)
    : context(context), previousHandler(context.getDiagnosticHandlerCallBack()),
      previousContext(context.getDiagnosticContext()) {
    context.setDiagnosticHandlerCallBack(handle, this);
}

Diagnostics::~Diagnostics() { context.setDiagnosticHandlerCallBack(previousHandler, previousContext); }

void Diagnostics::handle(const llvm::DiagnosticInfo *diagnostic, void *self) {
    const llvm::DiagnosticInfo &info = *diagnostic;
    auto *d = static_cast<Diagnostics *>(self);
    if (info.getSeverity() == llvm::DS_Remark || info.getSeverity() == llvm::DS_Note) return;
    if (info.getSeverity() == llvm::DS_Error) d->errors = true;
    llvm::raw_string_ostream out(d->messages);
    llvm::DiagnosticPrinterRawOStream printer(out);
    out << (info.getSeverity() == llvm::DS_Error ? "error: " : "warning: ");
    info.print(printer);
    out << "\n";
}

void throwFatal(void *, const char *reason, bool) { throw FatalError(reason); }

std::string printed(const llvm::Value *value) {
    std::string text;
    llvm::raw_string_ostream out(text);
    value->print(out);
    return text;
}

// ---- registration ----

static Napi::Object classObject(Registry &r, const char *cls) {
    Napi::Value existing = r.exports.Get(cls);
    if (existing.IsObject()) return existing.As<Napi::Object>();
    Napi::Object object = Napi::Object::New(r.env);
    object.Set("prototype", Napi::Object::New(r.env));
    r.exports.Set(cls, object);
    return object;
}

void Registry::method(const char *cls, const char *name, Method fn) {
    classObject(*this, cls).Get("prototype").As<Napi::Object>().Set(name, Napi::Function::New(env, fn, name));
}

void Registry::statics(const char *cls, const char *name, Method fn) {
    classObject(*this, cls).Set(name, Napi::Function::New(env, fn, name));
}

void Registry::function(const char *name, Method fn) { exports.Set(name, Napi::Function::New(env, fn, name)); }

void Registry::constants(const char *name, std::initializer_list<std::pair<const char *, double>> values) {
    Napi::Object object = Napi::Object::New(env);
    for (auto &[key, value] : values) object.Set(key, value);
    exports.Set(name, object);
}

}  // namespace gpuc
