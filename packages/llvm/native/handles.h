#pragma once
// Handles: how a JS wrapper refers to an LLVM object, and how every use is checked.
//
// Each JS wrapper carries one Handle (napi_wrap). A handle never holds a raw pointer that LLVM may
// free behind its back:
// - values (instructions, globals, constants, blocks) through an llvm::WeakVH, which LLVM clears
//   when the value is deleted (erased, or its module or context freed);
// - modules through a slot shared by all wrappers of one module, cleared on dispose or when a
//   link consumes the module;
// - types and metadata through the context's slot, cleared when the context is freed.
// Every accessor checks and throws a JS Error instead of touching freed memory. A context is freed
// on dispose() or when no wrapper refers to it any more, so nothing accumulates per compile.
#include <memory>
#include <string>
#include <vector>

#include <napi.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Metadata.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/ValueHandle.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/Support/ErrorHandling.h>

namespace gpuc {

// Something that refers into a context's metadata (an IRBuilder's debug location, a DIBuilder's
// tracked nodes) and so must go before the context does.
struct Dependent {
    virtual ~Dependent() = default;
    virtual void release() = 0;
};

// An object a wrapper owns that depends on its context, released when the context is freed.
template<typename T> struct Owned : Dependent {
    std::unique_ptr<T> object;
    explicit Owned(std::unique_ptr<T> o) : object(std::move(o)) {}
    void release() override { object.reset(); }
};

struct Handle;

// A context and whether it is still alive.
struct ContextSlot {
    llvm::LLVMContext *context = nullptr;
    std::vector<std::weak_ptr<Dependent>> dependents;
    // The live handles holding value handles (WeakVH) into this context, cleared before it goes:
    // LLVM frees the context's table of value handles before its constants, so a constant still
    // watched by a wrapper would be looked up in freed memory as it is deleted. A list threaded
    // through the handles: a wrapper is made for most binding calls, and a hash set's insertion and
    // erasure (an allocation each) cost more than the rest of making it.
    Handle *watching = nullptr;
    ~ContextSlot();
    // Frees the context and every module in it, releasing its dependents first.
    void dispose();
    // Registers a dependent (weakly: it may go first).
    void depend(const std::shared_ptr<Dependent> &dependent);
};

// A module and whether it is still alive (not disposed, not consumed by a link).
struct ModuleSlot {
    llvm::Module *module = nullptr;
    std::shared_ptr<ContextSlot> context;
    ~ModuleSlot();
};

enum class Kind { Context, Module, Value, Type, Metadata, Builder, DIBuilder, NamedMD, DataLayout, Target, TargetMachine };

// What a JS wrapper holds.
struct Handle {
    Kind kind;
    std::shared_ptr<ContextSlot> context;  // keeps the context alive while a wrapper refers to it
    std::shared_ptr<ModuleSlot> module;     // Module, NamedMD, DIBuilder
    llvm::WeakVH value;                     // Value; for ValueAsMetadata, the value it wraps
    void *pointer = nullptr;                // Type, Metadata, NamedMD, Target
    std::shared_ptr<void> owned;            // Builder, DIBuilder, DataLayout, TargetMachine
    llvm::WeakVH insertBlock, insertPoint;  // Builder: where it inserts, checked before each use
    Handle *watchPrevious = nullptr, *watchNext = nullptr;  // in context->watching, once watched
    bool watched = false;
    ~Handle();
};

// Registers a handle whose value handles point into its context (set first), so that freeing the
// context clears them (see ContextSlot::watching).
void watch(Handle *handle);

// Classes the TypeScript layer registered, by name; wrappers are instances of these. `shells`
// holds, per class, an empty constructor with the class's prototype: wrappers are made with it, so
// no constructor chain runs for each one.
void registerClasses(Napi::Env env, Napi::Object classes, Napi::Object shells);

// Wraps an object in a JS wrapper of its most specific class (null for nullptr).
Napi::Value wrapValue(Napi::Env env, llvm::Value *value);
Napi::Value wrapType(Napi::Env env, llvm::Type *type);
// MDStrings know no context: pass the one they live in.
Napi::Value wrapMetadata(Napi::Env env, llvm::Metadata *metadata, llvm::LLVMContext *context = nullptr);
Napi::Value wrapModule(Napi::Env env, llvm::Module *module);
Napi::Value wrapContext(Napi::Env env, std::shared_ptr<ContextSlot> slot);
Napi::Value wrapHandle(Napi::Env env, const char *cls, Handle *handle);
// A plain instance of a registered class (FunctionCallee), its constructor given `args`.
Napi::Value newInstance(Napi::Env env, const char *cls, const std::initializer_list<napi_value> &args);

// A new context, freed with its last wrapper or on dispose().
std::shared_ptr<ContextSlot> newContext();
// The slot of a context made by newContext().
std::shared_ptr<ContextSlot> contextSlotOf(llvm::LLVMContext &context);
std::shared_ptr<ModuleSlot> adoptModule(std::unique_ptr<llvm::Module> module);
// Forgets a module that LLVM deleted or took over (dispose, link).
void releaseModule(llvm::Module *module);

// Argument access, each throwing a TypeError naming the call on misuse.
struct Call {
    const Napi::CallbackInfo &info;
    const char *name;
    Napi::Env env() const { return info.Env(); }
    [[noreturn]] void fail(const std::string &why) const;
    Handle *handle(const Napi::Value &value, Kind kind, const char *what) const;
    llvm::Value *value(const Napi::Value &v) const;
    template<typename T> T *valueAs(const Napi::Value &v, const char *what) const {
        llvm::Value *raw = value(v);
        if (auto *t = llvm::dyn_cast<T>(raw)) return t;
        fail(std::string("expected ") + what);
    }
    template<typename T> T *self(const char *what) const { return valueAs<T>(info.This(), what); }
    template<typename T> T *arg(size_t i, const char *what) const { return valueAs<T>(at(i), what); }
    llvm::Value *valueArg(size_t i) const { return value(at(i)); }
    const Napi::Value at(size_t i) const;
    bool has(size_t i) const { return info.Length() > i && !info[i].IsUndefined(); }
    llvm::Type *type(const Napi::Value &v) const;
    llvm::Type *typeArg(size_t i) const { return type(at(i)); }
    llvm::Metadata *metadata(const Napi::Value &v) const;
    llvm::Module *module(const Napi::Value &v) const;
    llvm::Module *moduleArg(size_t i) const { return module(at(i)); }
    llvm::LLVMContext &context(const Napi::Value &v) const;
    llvm::LLVMContext &contextArg(size_t i) const { return context(at(i)); }
    std::string string(size_t i) const;
    std::string optString(size_t i, const std::string &fallback = "") const;
    double number(size_t i) const;
    unsigned unsignedInt(size_t i) const;
    unsigned optUnsigned(size_t i, unsigned fallback) const;
    bool boolean(size_t i) const;
    bool optBool(size_t i, bool fallback) const;
    std::vector<llvm::Value *> values(size_t i) const;
    std::vector<llvm::Type *> types(size_t i) const;
    std::vector<std::string> strings(size_t i) const;
};

// Collects LLVM's diagnostics on a context while alive (LLVM's default handler exits on errors).
class Diagnostics {
public:
    explicit Diagnostics(llvm::LLVMContext &context);
    ~Diagnostics();
    bool hasErrors() const { return errors; }
    const std::string &text() const { return messages; }

private:
    static void handle(const llvm::DiagnosticInfo *info, void *self);
    llvm::LLVMContext &context;
    llvm::DiagnosticHandler::DiagnosticHandlerTy previousHandler;
    void *previousContext;
    std::string messages;
    bool errors = false;
};

struct FatalError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
void throwFatal(void *, const char *reason, bool);

// Runs `body` with LLVM's fatal errors (report_fatal_error) turned into a JS Error naming `what`.
template<typename F> auto guardFatal(Napi::Env env, const char *what, F &&body) -> decltype(body()) {
    llvm::ScopedFatalErrorHandler handler(throwFatal);
    try {
        return body();
    } catch (const FatalError &error) {
        throw Napi::Error::New(env, std::string(what) + ": LLVM fatal error: " + error.what() +
                                        " (the module may be left inconsistent; dispose it)");
    }
}

// Registration of methods: `Class.method` (prototype), `Class.static.method`, or a free function.
using Method = Napi::Value (*)(const Napi::CallbackInfo &info);
struct Registry {
    Napi::Env env;
    Napi::Object exports;
    void method(const char *cls, const char *name, Method fn);
    void statics(const char *cls, const char *name, Method fn);
    void function(const char *name, Method fn);
    void constants(const char *name, std::initializer_list<std::pair<const char *, double>> values);
};

void initializeTargets();
void registerModule(Registry &r);
void registerTypes(Registry &r);
void registerConstants(Registry &r);
void registerMetadata(Registry &r);
void registerValues(Registry &r);
void registerInstructions(Registry &r);
void registerBuilder(Registry &r);
void registerTarget(Registry &r);
void registerDebugInfo(Registry &r);
void registerLld(Registry &r);

std::string printed(const llvm::Value *value);

}  // namespace gpuc
