// Metadata: strings, tuples (uniqued and distinct), values as metadata and metadata as values,
// and debug locations.
#include "handles.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/Metadata.h>

namespace gpuc {
namespace {

using namespace llvm;

Napi::Value mdStringGet(const Napi::CallbackInfo &info) {
    Call c{info, "MDString.get(context, text)"};
    LLVMContext &ctx = c.contextArg(0);
    return wrapMetadata(c.env(), MDString::get(ctx, c.string(1)), &ctx);
}

Napi::Value mdStringText(const Napi::CallbackInfo &info) {
    Call c{info, "MDString.getString()"};
    auto *s = dyn_cast<MDString>(c.metadata(info.This()));
    if (s == nullptr) c.fail("expected an MDString");
    return Napi::String::New(c.env(), s->getString().str());
}

std::vector<Metadata *> operands(Call &c, size_t i, LLVMContext &ctx) {
    Napi::Value v = c.at(i);
    if (!v.IsArray()) c.fail("argument " + std::to_string(i + 1) + " must be an array of metadata or nulls");
    auto array = v.As<Napi::Array>();
    std::vector<Metadata *> out;
    for (uint32_t k = 0; k < array.Length(); k++) {
        Napi::Value item = array.Get(k);
        if (item.IsNull() || item.IsUndefined()) {
            out.push_back(nullptr);
            continue;
        }
        Metadata *m = c.metadata(item);
        void *data = nullptr;
        napi_unwrap(c.env(), item, &data);
        if (static_cast<Handle *>(data)->context->context != &ctx) c.fail("an operand lives in another context");
        out.push_back(m);
    }
    return out;
}

template<bool Distinct> Napi::Value mdNodeGet(const Napi::CallbackInfo &info) {
    Call c{info, Distinct ? "MDNode.getDistinct(context, operands)" : "MDNode.get(context, operands)"};
    LLVMContext &ctx = c.contextArg(0);
    auto ops = operands(c, 1, ctx);
    return wrapMetadata(c.env(), Distinct ? MDNode::getDistinct(ctx, ops) : MDNode::get(ctx, ops));
}

MDNode *selfNode(Call &c) {
    auto *n = dyn_cast<MDNode>(c.metadata(c.info.This()));
    if (n == nullptr) c.fail("expected an MDNode");
    return n;
}

Napi::Value mdNodeNumOperands(const Napi::CallbackInfo &info) {
    Call c{info, "MDNode.getNumOperands()"};
    return Napi::Number::New(c.env(), selfNode(c)->getNumOperands());
}

Napi::Value mdNodeOperand(const Napi::CallbackInfo &info) {
    Call c{info, "MDNode.getOperand(index)"};
    MDNode *n = selfNode(c);
    unsigned i = c.unsignedInt(0);
    if (i >= n->getNumOperands()) c.fail("operand index out of range");
    return wrapMetadata(c.env(), n->getOperand(i).get(), &n->getContext());
}

Napi::Value mdNodeOperands(const Napi::CallbackInfo &info) {
    Call c{info, "MDNode.getOperands()"};
    MDNode *n = selfNode(c);
    auto out = Napi::Array::New(c.env());
    for (unsigned i = 0; i < n->getNumOperands(); i++) {
        out.Set(i, wrapMetadata(c.env(), n->getOperand(i).get(), &n->getContext()));
    }
    return out;
}

Napi::Value mdNodeIsDistinct(const Napi::CallbackInfo &info) {
    Call c{info, "MDNode.isDistinct()"};
    return Napi::Boolean::New(c.env(), selfNode(c)->isDistinct());
}

Napi::Value valueAsMetadataGet(const Napi::CallbackInfo &info) {
    Call c{info, "ValueAsMetadata.get(value)"};
    Value *v = c.valueArg(0);
    if (isa<MetadataAsValue>(v)) c.fail("metadata cannot be wrapped again");
    return wrapMetadata(c.env(), ValueAsMetadata::get(v));
}

Napi::Value constantAsMetadataGet(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantAsMetadata.get(constant)"};
    return wrapMetadata(c.env(), ConstantAsMetadata::get(c.arg<Constant>(0, "a Constant")));
}

Napi::Value valueAsMetadataValue(const Napi::CallbackInfo &info) {
    Call c{info, "ValueAsMetadata.getValue()"};
    auto *m = dyn_cast<ValueAsMetadata>(c.metadata(info.This()));
    if (m == nullptr) c.fail("expected a ValueAsMetadata");
    return wrapValue(c.env(), m->getValue());
}

Napi::Value metadataAsValueGet(const Napi::CallbackInfo &info) {
    Call c{info, "MetadataAsValue.get(context, metadata)"};
    LLVMContext &ctx = c.contextArg(0);
    return wrapValue(c.env(), MetadataAsValue::get(ctx, c.metadata(c.at(1))));
}

Napi::Value diLocationGet(const Napi::CallbackInfo &info) {
    Call c{info, "DILocation.get(context, line, column, scope)"};
    LLVMContext &ctx = c.contextArg(0);
    auto *scope = dyn_cast<DIScope>(c.metadata(c.at(3)));
    if (scope == nullptr) c.fail("argument 4 must be a debug-info scope (DISubprogram...)");
    return wrapMetadata(c.env(), DILocation::get(ctx, c.unsignedInt(1), c.unsignedInt(2), scope));
}

Napi::Value metadataIsSame(const Napi::CallbackInfo &info) {
    Call c{info, "Metadata.isSame(other)"};
    return Napi::Boolean::New(c.env(), c.metadata(info.This()) == c.metadata(c.at(0)));
}

}  // namespace

void registerMetadata(Registry &r) {
    r.statics("MDString", "get", mdStringGet);
    r.method("MDString", "getString", mdStringText);
    r.statics("MDNode", "get", mdNodeGet<false>);
    r.statics("MDNode", "getDistinct", mdNodeGet<true>);
    r.method("MDNode", "getNumOperands", mdNodeNumOperands);
    r.method("MDNode", "getOperand", mdNodeOperand);
    r.method("MDNode", "getOperands", mdNodeOperands);
    r.method("MDNode", "isDistinct", mdNodeIsDistinct);
    r.statics("ValueAsMetadata", "get", valueAsMetadataGet);
    r.method("ValueAsMetadata", "getValue", valueAsMetadataValue);
    r.statics("ConstantAsMetadata", "get", constantAsMetadataGet);
    r.statics("MetadataAsValue", "get", metadataAsValueGet);
    r.statics("DILocation", "get", diLocationGet);
    r.method("Metadata", "isSame", metadataIsSame);
}

}  // namespace gpuc
