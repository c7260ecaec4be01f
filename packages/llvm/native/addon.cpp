// The addon's entry: initialises the linked targets and registers every method (see handles.h for
// how the TypeScript layer turns them into classes).
#include "handles.h"

namespace gpuc {
namespace {

Napi::Value registerClassesFn(const Napi::CallbackInfo &info) {
    if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsObject()) {
        throw Napi::TypeError::New(info.Env(), "registerClasses(classes, shells)");
    }
    registerClasses(info.Env(), info[0].As<Napi::Object>(), info[1].As<Napi::Object>());
    return info.Env().Undefined();
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
    initializeTargets();
    Registry r{env, exports};
    registerModule(r);
    registerTypes(r);
    registerConstants(r);
    registerMetadata(r);
    registerValues(r);
    registerInstructions(r);
    registerBuilder(r);
    registerDebugInfo(r);
    registerTarget(r);
    registerLld(r);
    r.function("registerClasses", registerClassesFn);
    // What the TypeScript side checks before installing (BINARY_INTERFACE in src/index.ts): 2 since
    // wrappers are made with the shells registerClasses receives, 3 since runPasses knows the
    // passes gpuc-inline-params and gpuc-loop-unroll-full (the CUDA target's pipeline needs them).
    exports.Set("interfaceVersion", Napi::Number::New(env, 3));
    return exports;
}

}  // namespace
}  // namespace gpuc

static Napi::Object initAddon(Napi::Env env, Napi::Object exports) { return gpuc::init(env, exports); }

NODE_API_MODULE(gpuc_llvm, initAddon)
