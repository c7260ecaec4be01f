// Constants: null and all-ones values, integers (bigint access), floats, structs, raw data arrays,
// undef and poison, the cast constant expressions LLVM 22 still has, and inline assembly.
#include "handles.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/InlineAsm.h>
#include <llvm/IR/InstrTypes.h>
#include <llvm/Support/Error.h>

namespace gpuc {
namespace {

using namespace llvm;

Napi::Value getNullValue(const Napi::CallbackInfo &info) {
    Call c{info, "Constant.getNullValue(type)"};
    Type *t = c.typeArg(0);
    if (t->isFunctionTy() || t->isVoidTy() || t->isLabelTy() || t->isMetadataTy()) c.fail("no null value of this type");
    return wrapValue(c.env(), Constant::getNullValue(t));
}

Napi::Value getAllOnesValue(const Napi::CallbackInfo &info) {
    Call c{info, "Constant.getAllOnesValue(type)"};
    Type *t = c.typeArg(0);
    if (!t->isIntOrIntVectorTy() && !t->isFPOrFPVectorTy()) c.fail("expected an integer or floating-point type");
    return wrapValue(c.env(), Constant::getAllOnesValue(t));
}

Napi::Value isAllOnesValue(const Napi::CallbackInfo &info) {
    Call c{info, "Constant.isAllOnesValue()"};
    return Napi::Boolean::New(c.env(), c.self<Constant>("a Constant")->isAllOnesValue());
}

Napi::Value isNullValue(const Napi::CallbackInfo &info) {
    Call c{info, "Constant.isNullValue()"};
    return Napi::Boolean::New(c.env(), c.self<Constant>("a Constant")->isNullValue());
}

Type *intType(Call &c, size_t i) {
    Type *t = c.typeArg(i);
    if (!t->isIntOrIntVectorTy()) c.fail("expected an integer type");
    return t;
}

Napi::Value constantIntGet(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantInt.get(type, value, isSigned?)"};
    Type *t = intType(c, 0);
    double v = c.number(1);
    if (v != static_cast<double>(static_cast<int64_t>(v)) && !(v >= 0 && v < 18446744073709551616.0 && v == static_cast<double>(static_cast<uint64_t>(v)))) {
        c.fail("the value must be an integer (use getFromBigInt for more than 53 bits)");
    }
    bool isSigned = c.optBool(2, v < 0);
    uint64_t bits = v < 0 ? static_cast<uint64_t>(static_cast<int64_t>(v)) : static_cast<uint64_t>(v);
    return wrapValue(c.env(), ConstantInt::get(t, bits, isSigned));
}

Napi::Value getFromBigInt(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantInt.getFromBigInt(type, value)"};
    Type *t = intType(c, 0);
    if (!c.at(1).IsBigInt()) c.fail("argument 2 must be a bigint");
    int sign = 0;
    size_t words = 2;
    uint64_t raw[2] = {0, 0};
    c.at(1).As<Napi::BigInt>().ToWords(&sign, &words, raw);
    if (words > 1 && raw[1] != 0) c.fail("the value needs more than 64 bits");
    uint64_t bits = sign ? ~raw[0] + 1 : raw[0];
    return wrapValue(c.env(), ConstantInt::get(t, bits, sign != 0));
}

Napi::Value getTrue(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantInt.getTrue(context)"};
    return wrapValue(c.env(), ConstantInt::getTrue(c.contextArg(0)));
}

Napi::Value getFalse(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantInt.getFalse(context)"};
    return wrapValue(c.env(), ConstantInt::getFalse(c.contextArg(0)));
}

Napi::Value getZExtValue(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantInt.getZExtValue()"};
    auto *ci = c.self<ConstantInt>("a ConstantInt");
    if (ci->getBitWidth() > 64) c.fail("wider than 64 bits");
    return Napi::BigInt::New(c.env(), ci->getZExtValue());
}

Napi::Value getSExtValue(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantInt.getSExtValue()"};
    auto *ci = c.self<ConstantInt>("a ConstantInt");
    if (ci->getBitWidth() > 64) c.fail("wider than 64 bits");
    return Napi::BigInt::New(c.env(), ci->getSExtValue());
}

Napi::Value getBitWidth(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantInt.getBitWidth()"};
    return Napi::Number::New(c.env(), c.self<ConstantInt>("a ConstantInt")->getBitWidth());
}

Napi::Value constantFPGet(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantFP.get(type, value)"};
    Type *t = c.typeArg(0);
    if (!t->isFPOrFPVectorTy()) c.fail("expected a floating-point type");
    if (c.at(1).IsString()) return wrapValue(c.env(), ConstantFP::get(t, c.string(1)));
    return wrapValue(c.env(), ConstantFP::get(t, c.number(1)));
}

Napi::Value constantFPValue(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantFP.getValue()"};
    APFloat value = c.self<ConstantFP>("a ConstantFP")->getValueAPF();
    bool lost = false;
    value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    return Napi::Number::New(c.env(), value.convertToDouble());
}

Napi::Value constantStructGet(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantStruct.get(type, values)"};
    auto *t = dyn_cast<StructType>(c.typeArg(0));
    if (t == nullptr) c.fail("argument 1 must be a StructType");
    auto values = c.values(1);
    if (values.size() != t->getNumElements()) c.fail("wrong number of elements");
    std::vector<Constant *> elements;
    for (size_t i = 0; i < values.size(); i++) {
        auto *k = dyn_cast<Constant>(values[i]);
        if (k == nullptr) c.fail("element " + std::to_string(i) + " is not a constant");
        if (k->getType() != t->getElementType(i)) c.fail("element " + std::to_string(i) + " has the wrong type");
        elements.push_back(k);
    }
    return wrapValue(c.env(), ConstantStruct::get(t, elements));
}

Napi::Value constantArrayGet(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantArray.get(type, values)"};
    auto *t = dyn_cast<ArrayType>(c.typeArg(0));
    if (t == nullptr) c.fail("argument 1 must be an ArrayType");
    auto values = c.values(1);
    if (values.size() != t->getNumElements()) c.fail("wrong number of elements");
    std::vector<Constant *> elements;
    for (size_t i = 0; i < values.size(); i++) {
        auto *k = dyn_cast<Constant>(values[i]);
        if (k == nullptr || k->getType() != t->getElementType()) c.fail("element " + std::to_string(i) + " is not a constant of the element type");
        elements.push_back(k);
    }
    return wrapValue(c.env(), ConstantArray::get(t, elements));
}

Napi::Value pointerNullGet(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantPointerNull.get(type)"};
    auto *t = dyn_cast<PointerType>(c.typeArg(0));
    if (t == nullptr) c.fail("argument 1 must be a PointerType");
    return wrapValue(c.env(), ConstantPointerNull::get(t));
}

Napi::Value getRaw(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantDataArray.getRaw(bytes, count, elementType)"};
    if (!c.at(0).IsBuffer() && !c.at(0).IsTypedArray()) c.fail("argument 1 must be a Buffer");
    auto bytes = c.at(0).As<Napi::Uint8Array>();
    unsigned count = c.unsignedInt(1);
    Type *element = c.typeArg(2);
    if (!ConstantDataSequential::isElementTypeCompatible(element)) c.fail("unsupported element type");
    if (bytes.ByteLength() != static_cast<size_t>(count) * element->getPrimitiveSizeInBits().getFixedValue() / 8) {
        c.fail("the byte size does not match count × element size");
    }
    StringRef data(reinterpret_cast<const char *>(bytes.Data()), bytes.ByteLength());
    return wrapValue(c.env(), ConstantDataArray::getRaw(data, count, element));
}

Napi::Value getString(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantDataArray.getString(context, text, addNull?)"};
    return wrapValue(c.env(), ConstantDataArray::getString(c.contextArg(0), c.string(1), c.optBool(2, true)));
}

Napi::Value undefGet(const Napi::CallbackInfo &info) {
    Call c{info, "UndefValue.get(type)"};
    Type *t = c.typeArg(0);
    if (t->isFunctionTy() || t->isLabelTy() || t->isMetadataTy()) c.fail("no undef of this type");
    return wrapValue(c.env(), UndefValue::get(t));
}

Napi::Value poisonGet(const Napi::CallbackInfo &info) {
    Call c{info, "PoisonValue.get(type)"};
    Type *t = c.typeArg(0);
    if (t->isFunctionTy() || t->isLabelTy() || t->isMetadataTy()) c.fail("no poison of this type");
    return wrapValue(c.env(), PoisonValue::get(t));
}

template<Instruction::CastOps Op> Napi::Value castExpr(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantExpr cast(constant, type)"};
    auto *k = c.arg<Constant>(0, "a Constant");
    Type *t = c.typeArg(1);
    if (k->getType() == t) return wrapValue(c.env(), k);
    if (!CastInst::castIsValid(Op, k, t)) {
        c.fail(std::string("invalid cast: ") + Instruction::getOpcodeName(Op) + " of this constant to that type");
    }
    return wrapValue(c.env(), ConstantExpr::getCast(Op, k, t));
}

Napi::Value getPointerCast(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantExpr.getPointerCast(constant, type)"};
    auto *k = c.arg<Constant>(0, "a Constant");
    Type *t = c.typeArg(1);
    if (!k->getType()->isPtrOrPtrVectorTy() || !(t->isPtrOrPtrVectorTy() || t->isIntOrIntVectorTy())) {
        c.fail("expected a pointer constant and a pointer or integer type");
    }
    return wrapValue(c.env(), ConstantExpr::getPointerCast(k, t));
}

Napi::Value constantExprOpcodeName(const Napi::CallbackInfo &info) {
    Call c{info, "ConstantExpr.getOpcodeName()"};
    return Napi::String::New(c.env(), c.self<ConstantExpr>("a ConstantExpr")->getOpcodeName());
}

Napi::Value inlineAsmGet(const Napi::CallbackInfo &info) {
    Call c{info, "InlineAsm.get(type, asm, constraints, hasSideEffects, isAlignStack?)"};
    auto *t = dyn_cast<FunctionType>(c.typeArg(0));
    if (t == nullptr) c.fail("argument 1 must be a FunctionType");
    std::string constraints = c.string(2);
    if (Error error = InlineAsm::verify(t, constraints)) {
        c.fail("constraints do not fit the type: " + toString(std::move(error)));
    }
    return wrapValue(c.env(), InlineAsm::get(t, c.string(1), constraints, c.boolean(3), c.optBool(4, false)));
}

}  // namespace

void registerConstants(Registry &r) {
    r.statics("Constant", "getNullValue", getNullValue);
    r.statics("Constant", "getAllOnesValue", getAllOnesValue);
    r.method("Constant", "isAllOnesValue", isAllOnesValue);
    r.method("Constant", "isNullValue", isNullValue);
    r.statics("ConstantInt", "get", constantIntGet);
    r.statics("ConstantInt", "getFromBigInt", getFromBigInt);
    r.statics("ConstantInt", "getTrue", getTrue);
    r.statics("ConstantInt", "getFalse", getFalse);
    r.method("ConstantInt", "getZExtValue", getZExtValue);
    r.method("ConstantInt", "getSExtValue", getSExtValue);
    r.method("ConstantInt", "getBitWidth", getBitWidth);
    r.statics("ConstantFP", "get", constantFPGet);
    r.method("ConstantFP", "getValue", constantFPValue);
    r.statics("ConstantStruct", "get", constantStructGet);
    r.statics("ConstantArray", "get", constantArrayGet);
    r.statics("ConstantPointerNull", "get", pointerNullGet);
    r.statics("ConstantDataArray", "getRaw", getRaw);
    r.statics("ConstantDataArray", "getString", getString);
    r.statics("UndefValue", "get", undefGet);
    r.statics("PoisonValue", "get", poisonGet);
    r.statics("ConstantExpr", "getBitCast", castExpr<Instruction::BitCast>);
    r.statics("ConstantExpr", "getIntToPtr", castExpr<Instruction::IntToPtr>);
    r.statics("ConstantExpr", "getPtrToInt", castExpr<Instruction::PtrToInt>);
    r.statics("ConstantExpr", "getAddrSpaceCast", castExpr<Instruction::AddrSpaceCast>);
    r.statics("ConstantExpr", "getPointerCast", getPointerCast);
    r.method("ConstantExpr", "getOpcodeName", constantExprOpcodeName);
    r.statics("InlineAsm", "get", inlineAsmGet);
}

}  // namespace gpuc
