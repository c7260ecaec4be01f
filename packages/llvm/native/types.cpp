// Types: the primitive types of a context, integer, pointer (opaque), function, struct, array and
// vector types, and their queries.
#include "handles.h"

#include <llvm/IR/DerivedTypes.h>
#include <llvm/Support/raw_ostream.h>

namespace gpuc {
namespace {

using namespace llvm;

#define PRIMITIVE(NAME, EXPR) \
    Napi::Value NAME(const Napi::CallbackInfo &info) { \
        Call c{info, "Type." #NAME "(context)"}; \
        LLVMContext &ctx = c.contextArg(0); \
        return wrapType(c.env(), EXPR); \
    }
PRIMITIVE(getVoidTy, Type::getVoidTy(ctx))
PRIMITIVE(getHalfTy, Type::getHalfTy(ctx))
PRIMITIVE(getFloatTy, Type::getFloatTy(ctx))
PRIMITIVE(getDoubleTy, Type::getDoubleTy(ctx))
PRIMITIVE(getLabelTy, Type::getLabelTy(ctx))
PRIMITIVE(getTokenTy, Type::getTokenTy(ctx))
PRIMITIVE(getMetadataTy, Type::getMetadataTy(ctx))
PRIMITIVE(getInt1Ty, Type::getInt1Ty(ctx))
PRIMITIVE(getInt8Ty, Type::getInt8Ty(ctx))
PRIMITIVE(getInt16Ty, Type::getInt16Ty(ctx))
PRIMITIVE(getInt32Ty, Type::getInt32Ty(ctx))
PRIMITIVE(getInt64Ty, Type::getInt64Ty(ctx))
PRIMITIVE(getInt128Ty, Type::getInt128Ty(ctx))
#undef PRIMITIVE

unsigned bitsArg(Call &c, size_t i) {
    unsigned bits = c.unsignedInt(i);
    if (bits < IntegerType::MIN_INT_BITS || bits > IntegerType::MAX_INT_BITS) c.fail("bad integer width");
    return bits;
}

Napi::Value getIntNTy(const Napi::CallbackInfo &info) {
    Call c{info, "Type.getIntNTy(context, bits)"};
    LLVMContext &ctx = c.contextArg(0);
    return wrapType(c.env(), Type::getIntNTy(ctx, bitsArg(c, 1)));
}

// With opaque pointers every pointer of an address space is one type; the pointee-named getters
// of older LLVMs (getInt8PtrTy) keep working and return `ptr addrspace(n)`.
Napi::Value getPtrTy(const Napi::CallbackInfo &info) {
    Call c{info, "Type.getPtrTy(context, addressSpace?)"};
    LLVMContext &ctx = c.contextArg(0);
    return wrapType(c.env(), PointerType::get(ctx, c.optUnsigned(1, 0)));
}

Napi::Value pointerTypeGet(const Napi::CallbackInfo &info) {
    Call c{info, "PointerType.get(elementTypeOrContext, addressSpace)"};
    unsigned space = c.optUnsigned(1, 0);
    Napi::Value first = c.at(0);
    void *data = nullptr;
    napi_unwrap(c.env(), first, &data);
    if (data != nullptr && static_cast<Handle *>(data)->kind == Kind::Context) {
        return wrapType(c.env(), PointerType::get(c.context(first), space));
    }
    Type *element = c.type(first);
    if (!PointerType::isValidElementType(element)) c.fail("no pointer to this type");
    return wrapType(c.env(), PointerType::get(element->getContext(), space));
}

Napi::Value getPointerTo(const Napi::CallbackInfo &info) {
    Call c{info, "Type.getPointerTo(addressSpace?)"};
    Type *t = c.type(info.This());
    return wrapType(c.env(), PointerType::get(t->getContext(), c.optUnsigned(0, 0)));
}

Napi::Value integerTypeGet(const Napi::CallbackInfo &info) {
    Call c{info, "IntegerType.get(context, bits)"};
    LLVMContext &ctx = c.contextArg(0);
    return wrapType(c.env(), IntegerType::get(ctx, bitsArg(c, 1)));
}

Napi::Value functionTypeGet(const Napi::CallbackInfo &info) {
    Call c{info, "FunctionType.get(result, params?, isVarArg)"};
    Type *result = c.typeArg(0);
    if (!FunctionType::isValidReturnType(result)) c.fail("invalid return type");
    std::vector<Type *> params;
    bool varArg;
    if (c.at(1).IsArray()) {
        params = c.types(1);
        varArg = c.boolean(2);
    } else {
        varArg = c.boolean(1);
    }
    for (Type *p : params) {
        if (!FunctionType::isValidArgumentType(p)) c.fail("invalid parameter type");
        if (&p->getContext() != &result->getContext()) c.fail("the types live in different contexts");
    }
    return wrapType(c.env(), FunctionType::get(result, params, varArg));
}

Napi::Value structTypeGet(const Napi::CallbackInfo &info) {
    Call c{info, "StructType.get(context, elements?, isPacked?)"};
    LLVMContext &ctx = c.contextArg(0);
    std::vector<Type *> elements;
    if (c.has(1)) elements = c.types(1);
    for (Type *e : elements) {
        if (!StructType::isValidElementType(e)) c.fail("invalid struct element type");
        if (&e->getContext() != &ctx) c.fail("the types live in different contexts");
    }
    return wrapType(c.env(), StructType::get(ctx, elements, c.optBool(2, false)));
}

Napi::Value arrayTypeGet(const Napi::CallbackInfo &info) {
    Call c{info, "ArrayType.get(element, count)"};
    Type *element = c.typeArg(0);
    if (!ArrayType::isValidElementType(element)) c.fail("invalid array element type");
    double count = c.number(1);
    if (count < 0 || count != static_cast<double>(static_cast<uint64_t>(count))) c.fail("bad element count");
    return wrapType(c.env(), ArrayType::get(element, static_cast<uint64_t>(count)));
}

Napi::Value vectorTypeGet(const Napi::CallbackInfo &info) {
    Call c{info, "FixedVectorType.get(element, count)"};
    Type *element = c.typeArg(0);
    if (!VectorType::isValidElementType(element)) c.fail("invalid vector element type");
    unsigned count = c.unsignedInt(1);
    if (count == 0) c.fail("a vector needs elements");
    return wrapType(c.env(), FixedVectorType::get(element, count));
}

#define PREDICATE(NAME) \
    Napi::Value NAME(const Napi::CallbackInfo &info) { \
        Call c{info, "Type." #NAME "()"}; \
        return Napi::Boolean::New(c.env(), c.type(info.This())->NAME()); \
    }
PREDICATE(isVoidTy)
PREDICATE(isHalfTy)
PREDICATE(isFloatTy)
PREDICATE(isDoubleTy)
PREDICATE(isFloatingPointTy)
PREDICATE(isLabelTy)
PREDICATE(isPointerTy)
PREDICATE(isStructTy)
PREDICATE(isArrayTy)
PREDICATE(isVectorTy)
PREDICATE(isFunctionTy)
PREDICATE(isTokenTy)
PREDICATE(isSized)
#undef PREDICATE

Napi::Value isIntegerTy(const Napi::CallbackInfo &info) {
    Call c{info, "Type.isIntegerTy(bits?)"};
    Type *t = c.type(info.This());
    return Napi::Boolean::New(c.env(), c.has(0) ? t->isIntegerTy(c.unsignedInt(0)) : t->isIntegerTy());
}

Napi::Value getPrimitiveSizeInBits(const Napi::CallbackInfo &info) {
    Call c{info, "Type.getPrimitiveSizeInBits()"};
    Type *t = c.type(info.This());
    if (t->isScalableTy()) c.fail("scalable types have no fixed size");
    return Napi::Number::New(c.env(), static_cast<double>(t->getPrimitiveSizeInBits().getFixedValue()));
}

Napi::Value getIntegerBitWidth(const Napi::CallbackInfo &info) {
    Call c{info, "Type.getIntegerBitWidth()"};
    Type *t = c.type(info.This());
    if (!t->isIntOrIntVectorTy()) c.fail("not an integer type");
    return Napi::Number::New(c.env(), t->getIntegerBitWidth());
}

Napi::Value getPointerAddressSpace(const Napi::CallbackInfo &info) {
    Call c{info, "Type.getPointerAddressSpace()"};
    Type *t = c.type(info.This());
    if (!t->isPtrOrPtrVectorTy()) c.fail("not a pointer type");
    return Napi::Number::New(c.env(), t->getPointerAddressSpace());
}

Napi::Value typePrint(const Napi::CallbackInfo &info) {
    Call c{info, "Type.print()"};
    std::string text;
    raw_string_ostream out(text);
    c.type(info.This())->print(out);
    return Napi::String::New(c.env(), text);
}

Napi::Value isSameType(const Napi::CallbackInfo &info) {
    Call c{info, "Type.isSameType(a, b)"};
    return Napi::Boolean::New(c.env(), c.typeArg(0) == c.typeArg(1));
}

Napi::Value typeIsSame(const Napi::CallbackInfo &info) {
    Call c{info, "Type.isSame(other)"};
    return Napi::Boolean::New(c.env(), c.type(info.This()) == c.typeArg(0));
}

template<typename T> T *selfAs(Call &c, const char *what) {
    auto *t = dyn_cast<T>(c.type(c.info.This()));
    if (t == nullptr) c.fail(std::string("expected ") + what);
    return t;
}

Napi::Value getReturnType(const Napi::CallbackInfo &info) {
    Call c{info, "FunctionType.getReturnType()"};
    return wrapType(c.env(), selfAs<FunctionType>(c, "a FunctionType")->getReturnType());
}

Napi::Value getNumParams(const Napi::CallbackInfo &info) {
    Call c{info, "FunctionType.getNumParams()"};
    return Napi::Number::New(c.env(), selfAs<FunctionType>(c, "a FunctionType")->getNumParams());
}

Napi::Value getParamType(const Napi::CallbackInfo &info) {
    Call c{info, "FunctionType.getParamType(index)"};
    auto *f = selfAs<FunctionType>(c, "a FunctionType");
    unsigned i = c.unsignedInt(0);
    if (i >= f->getNumParams()) c.fail("parameter index out of range");
    return wrapType(c.env(), f->getParamType(i));
}

Napi::Value isVarArg(const Napi::CallbackInfo &info) {
    Call c{info, "FunctionType.isVarArg()"};
    return Napi::Boolean::New(c.env(), selfAs<FunctionType>(c, "a FunctionType")->isVarArg());
}

Napi::Value structNumElements(const Napi::CallbackInfo &info) {
    Call c{info, "StructType.getNumElements()"};
    return Napi::Number::New(c.env(), selfAs<StructType>(c, "a StructType")->getNumElements());
}

Napi::Value structElementType(const Napi::CallbackInfo &info) {
    Call c{info, "StructType.getElementType(index)"};
    auto *s = selfAs<StructType>(c, "a StructType");
    unsigned i = c.unsignedInt(0);
    if (i >= s->getNumElements()) c.fail("element index out of range");
    return wrapType(c.env(), s->getElementType(i));
}

Napi::Value arrayNumElements(const Napi::CallbackInfo &info) {
    Call c{info, "ArrayType.getNumElements()"};
    return Napi::Number::New(c.env(), static_cast<double>(selfAs<ArrayType>(c, "an ArrayType")->getNumElements()));
}

Napi::Value arrayElementType(const Napi::CallbackInfo &info) {
    Call c{info, "ArrayType.getElementType()"};
    return wrapType(c.env(), selfAs<ArrayType>(c, "an ArrayType")->getElementType());
}

Napi::Value pointerAddressSpace(const Napi::CallbackInfo &info) {
    Call c{info, "PointerType.getAddressSpace()"};
    return Napi::Number::New(c.env(), selfAs<PointerType>(c, "a PointerType")->getAddressSpace());
}

}  // namespace

void registerTypes(Registry &r) {
    for (auto [name, fn] : std::initializer_list<std::pair<const char *, Method>>{
             {"getVoidTy", getVoidTy},     {"getHalfTy", getHalfTy},     {"getFloatTy", getFloatTy},
             {"getDoubleTy", getDoubleTy}, {"getLabelTy", getLabelTy},   {"getTokenTy", getTokenTy},
             {"getMetadataTy", getMetadataTy}, {"getInt1Ty", getInt1Ty}, {"getInt8Ty", getInt8Ty},
             {"getInt16Ty", getInt16Ty},   {"getInt32Ty", getInt32Ty},   {"getInt64Ty", getInt64Ty},
             {"getInt128Ty", getInt128Ty}, {"getIntNTy", getIntNTy},     {"getPtrTy", getPtrTy},
             {"getInt8PtrTy", getPtrTy},   {"getInt32PtrTy", getPtrTy},  {"isSameType", isSameType}}) {
        r.statics("Type", name, fn);
    }
    for (auto [name, fn] : std::initializer_list<std::pair<const char *, Method>>{
             {"isVoidTy", isVoidTy},
             {"isHalfTy", isHalfTy},
             {"isFloatTy", isFloatTy},
             {"isDoubleTy", isDoubleTy},
             {"isFloatingPointTy", isFloatingPointTy},
             {"isLabelTy", isLabelTy},
             {"isPointerTy", isPointerTy},
             {"isStructTy", isStructTy},
             {"isArrayTy", isArrayTy},
             {"isVectorTy", isVectorTy},
             {"isFunctionTy", isFunctionTy},
             {"isTokenTy", isTokenTy},
             {"isSized", isSized},
             {"isIntegerTy", isIntegerTy},
             {"getPrimitiveSizeInBits", getPrimitiveSizeInBits},
             {"getIntegerBitWidth", getIntegerBitWidth},
             {"getPointerAddressSpace", getPointerAddressSpace},
             {"getPointerTo", getPointerTo},
             {"print", typePrint},
             {"isSame", typeIsSame}}) {
        r.method("Type", name, fn);
    }
    r.statics("PointerType", "get", pointerTypeGet);
    r.method("PointerType", "getAddressSpace", pointerAddressSpace);
    r.statics("IntegerType", "get", integerTypeGet);
    r.statics("FunctionType", "get", functionTypeGet);
    r.method("FunctionType", "getReturnType", getReturnType);
    r.method("FunctionType", "getNumParams", getNumParams);
    r.method("FunctionType", "getParamType", getParamType);
    r.method("FunctionType", "isVarArg", isVarArg);
    r.statics("StructType", "get", structTypeGet);
    r.method("StructType", "getNumElements", structNumElements);
    r.method("StructType", "getElementType", structElementType);
    r.statics("ArrayType", "get", arrayTypeGet);
    r.method("ArrayType", "getNumElements", arrayNumElements);
    r.method("ArrayType", "getElementType", arrayElementType);
    r.statics("VectorType", "get", vectorTypeGet);
}

}  // namespace gpuc
