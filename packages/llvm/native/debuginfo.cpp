// Debug information: the DIBuilder calls gpuc makes for line tables (files, compile units,
// subprograms, subroutine types).
#include "handles.h"

#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/DebugInfoMetadata.h>

namespace gpuc {
namespace {

using namespace llvm;

struct D {
    Call c;
    DIBuilder *d;
};

D self(const Napi::CallbackInfo &info, const char *sig) {
    Call c{info, sig};
    Handle *h = c.handle(info.This(), Kind::DIBuilder, "a DIBuilder");
    if (h->module->module == nullptr) c.fail("the DIBuilder's module is gone");
    auto *d = static_cast<Owned<DIBuilder> *>(h->owned.get())->object.get();
    if (d == nullptr) c.fail("the DIBuilder's LLVM context was disposed");
    return D{c, d};
}

template<typename T> T *meta(Call &c, size_t i, const char *what) {
    auto *m = dyn_cast<T>(c.metadata(c.at(i)));
    if (m == nullptr) c.fail(std::string("argument ") + std::to_string(i + 1) + " must be " + what);
    return m;
}

Napi::Value diBuilderNew(const Napi::CallbackInfo &info) {
    Call c{info, "new DIBuilder(module)"};
    Module *m = c.moduleArg(0);
    Handle *moduleHandle = c.handle(c.at(0), Kind::Module, nullptr);
    auto *h = new Handle{Kind::DIBuilder};
    h->module = moduleHandle->module;
    h->context = moduleHandle->context;
    auto owned = std::make_shared<Owned<DIBuilder>>(std::make_unique<DIBuilder>(*m));
    h->context->depend(owned);
    h->owned = owned;
    napi_wrap(c.env(), info.This(), h, [](napi_env, void *d, void *) { delete static_cast<Handle *>(d); }, nullptr,
              nullptr);
    return c.env().Undefined();
}

Napi::Value createFile(const Napi::CallbackInfo &info) {
    D s = self(info, "DIBuilder.createFile(filename, directory)");
    return wrapMetadata(s.c.env(), s.d->createFile(s.c.string(0), s.c.string(1)));
}

Napi::Value createCompileUnit(const Napi::CallbackInfo &info) {
    D s = self(info, "DIBuilder.createCompileUnit(lang, file, producer, isOptimized, flags, rv, emissionKind?)");
    unsigned lang = s.c.unsignedInt(0);
    auto *file = meta<DIFile>(s.c, 1, "a DIFile");
    unsigned kind = s.c.optUnsigned(6, DICompileUnit::FullDebug);
    if (kind > DICompileUnit::LastEmissionKind) s.c.fail("unknown emission kind");
    return wrapMetadata(s.c.env(), s.d->createCompileUnit(DISourceLanguageName(lang), file, s.c.string(2), s.c.boolean(3), s.c.string(4),
                                                          s.c.unsignedInt(5), StringRef(),
                                                          static_cast<DICompileUnit::DebugEmissionKind>(kind)));
}

Napi::Value createFunction(const Napi::CallbackInfo &info) {
    D s = self(info, "DIBuilder.createFunction(scope, name, linkage, file, line, type, scopeLine, flags, spFlags)");
    auto *scope = meta<DIScope>(s.c, 0, "a DIScope");
    auto *file = meta<DIFile>(s.c, 3, "a DIFile");
    auto *type = meta<DISubroutineType>(s.c, 5, "a DISubroutineType");
    return wrapMetadata(s.c.env(), s.d->createFunction(scope, s.c.string(1), s.c.string(2), file, s.c.unsignedInt(4), type,
                                                       s.c.unsignedInt(6), static_cast<DINode::DIFlags>(s.c.unsignedInt(7)),
                                                       static_cast<DISubprogram::DISPFlags>(s.c.unsignedInt(8))));
}

Napi::Value getOrCreateTypeArray(const Napi::CallbackInfo &info) {
    D s = self(info, "DIBuilder.getOrCreateTypeArray(elements)");
    Napi::Value v = s.c.at(0);
    if (!v.IsArray()) s.c.fail("argument 1 must be an array");
    auto array = v.As<Napi::Array>();
    std::vector<Metadata *> elements;
    for (uint32_t i = 0; i < array.Length(); i++) {
        Napi::Value item = array.Get(i);
        elements.push_back(item.IsNull() || item.IsUndefined() ? nullptr : s.c.metadata(item));
    }
    return wrapMetadata(s.c.env(), s.d->getOrCreateTypeArray(elements).get());
}

Napi::Value createSubroutineType(const Napi::CallbackInfo &info) {
    D s = self(info, "DIBuilder.createSubroutineType(types)");
    auto *tuple = meta<MDTuple>(s.c, 0, "a type array (getOrCreateTypeArray)");
    return wrapMetadata(s.c.env(), s.d->createSubroutineType(DITypeRefArray(tuple)));
}

Napi::Value finalize(const Napi::CallbackInfo &info) {
    D s = self(info, "DIBuilder.finalize()");
    s.d->finalize();
    return s.c.env().Undefined();
}

}  // namespace

void registerDebugInfo(Registry &r) {
    r.statics("DIBuilder", "new", diBuilderNew);
    r.method("DIBuilder", "createFile", createFile);
    r.method("DIBuilder", "createCompileUnit", createCompileUnit);
    r.method("DIBuilder", "createFunction", createFunction);
    r.method("DIBuilder", "getOrCreateTypeArray", getOrCreateTypeArray);
    r.method("DIBuilder", "createSubroutineType", createSubroutineType);
    r.method("DIBuilder", "finalize", finalize);
    r.constants("DIFlags", {{"FlagZero", DINode::FlagZero}, {"FlagPrototyped", DINode::FlagPrototyped}});
    r.constants("DISPFlags", {{"SPFlagZero", DISubprogram::SPFlagZero},
                              {"SPFlagDefinition", DISubprogram::SPFlagDefinition},
                              {"SPFlagLocalToUnit", DISubprogram::SPFlagLocalToUnit},
                              {"SPFlagOptimized", DISubprogram::SPFlagOptimized}});
    r.constants("SourceLanguage", {{"DW_LANG_C", dwarf::DW_LANG_C},
                                   {"DW_LANG_C99", dwarf::DW_LANG_C99},
                                   {"DW_LANG_C_plus_plus", dwarf::DW_LANG_C_plus_plus}});
    r.constants("LLVMConstants", {{"DEBUG_METADATA_VERSION", DEBUG_METADATA_VERSION}});
}

}  // namespace gpuc
