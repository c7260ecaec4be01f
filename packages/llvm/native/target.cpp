// Targets: lookup, target machines, emitting assembly and objects in memory, the new pass manager's
// textual pipelines, and the host's triple and CPU.
#include "handles.h"

#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/InlineAdvisor.h>
#include <llvm/Analysis/InlineCost.h>
#include <llvm/Analysis/ReplayInlineAdvisor.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/IR/AutoUpgrade.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/OptBisect.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/Transforms/Scalar/LoopUnrollPass.h>

#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace gpuc {
namespace {

using namespace llvm;

Napi::Value lookupTarget(const Napi::CallbackInfo &info) {
    Call c{info, "TargetRegistry.lookupTarget(triple)"};
    std::string error;
    const Target *target = TargetRegistry::lookupTarget(Triple(c.string(0)), error);
    if (target == nullptr) return c.env().Null();
    auto *h = new Handle{Kind::Target};
    h->pointer = const_cast<Target *>(target);
    return wrapHandle(c.env(), "Target", h);
}

Napi::Value targetName(const Napi::CallbackInfo &info) {
    Call c{info, "Target.getName()"};
    return Napi::String::New(c.env(), static_cast<Target *>(c.handle(info.This(), Kind::Target, nullptr)->pointer)->getName());
}

template<typename T> std::optional<T> option(Call &c, Napi::Object options, const char *key,
                                             std::initializer_list<std::pair<const char *, T>> values) {
    Napi::Value v = options.Get(key);
    if (v.IsUndefined()) return std::nullopt;
    if (v.IsString()) {
        std::string s = v.As<Napi::String>();
        for (auto &[name, value] : values) {
            if (s == name) return value;
        }
    }
    std::string known;
    for (auto &[name, value] : values) known += std::string(known.empty() ? "" : ", ") + name;
    c.fail(std::string(key) + " must be one of " + known);
}

// NVPTX's code generator, kept with its machine and run on module after module (as `llc
// -compile-twice` runs one pass manager twice): building its legacy passes and scheduling their
// analyses took about a third of emitting a small kernel. Its PTX was checked byte for byte against
// fresh pass managers on every bench/cuda and conformance kernel. One state outlives a module: the
// assembly printer's list of shared variables demoted into the function using them, by function
// address, which a later module's function at a reused address would find; a module with a
// variable it may demote (internal, in shared memory) therefore retires the pass manager.
struct Emitter {
    SmallVector<char, 0> bytes;
    raw_svector_ostream out{bytes};
    legacy::PassManager passes;
};

// The kept emitters by machine (assembly only: NVPTX writes no objects). Never destroyed: a
// machine's wrapper may be finalised after static destructors would have run.
std::mutex emittersLock;
auto &emitters = *new std::unordered_map<const TargetMachine *, std::unique_ptr<Emitter>>();

void forgetEmitter(const TargetMachine *machine) {
    std::lock_guard<std::mutex> lock(emittersLock);
    emitters.erase(machine);
}

// Whether NVPTX's printer may demote one of the module's variables into a function.
bool mayDemote(const Module &m) {
    for (const GlobalVariable &g : m.globals()) {
        if (g.hasLocalLinkage() && g.getAddressSpace() == 3) return true;
    }
    return false;
}

// Emits PTX into `output` with the machine's kept pass manager, made on first use (false: none
// could be made).
// A pass manager that stopped partway (a fatal error) is left allocated and forgotten, as its
// passes' state is unknown; one that printed a module with demotable variables is destroyed.
bool emitKept(TargetMachine &machine, Module &m, SmallVector<char, 0> &output) {
    std::unique_ptr<Emitter> kept;
    {
        std::lock_guard<std::mutex> lock(emittersLock);
        auto found = emitters.find(&machine);
        if (found != emitters.end()) kept = std::move(found->second);
    }
    if (kept == nullptr) {
        kept = std::make_unique<Emitter>();
        if (machine.addPassesToEmitFile(kept->passes, kept->out, nullptr, CodeGenFileType::AssemblyFile)) return false;
    }
    bool retire = mayDemote(m);
    try {
        kept->passes.run(m);
    } catch (...) {
        static_cast<void>(kept.release());
        throw;
    }
    retire = retire || mayDemote(m);
    // The output, taken: the emitter keeps none between modules.
    output = std::move(kept->bytes);
    kept->bytes.clear();
    if (!retire) {
        std::lock_guard<std::mutex> lock(emittersLock);
        emitters[&machine] = std::move(kept);
    }
    return true;
}

Napi::Value createTargetMachine(const Napi::CallbackInfo &info) {
    Call c{info, "Target.createTargetMachine(triple, cpu, features?, options?)"};
    auto *target = static_cast<Target *>(c.handle(info.This(), Kind::Target, nullptr)->pointer);
    Triple triple(c.string(0));
    std::string cpu = c.string(1);
    std::string features = c.optString(2);
    Napi::Object options = c.has(3) && c.at(3).IsObject() ? c.at(3).As<Napi::Object>() : Napi::Object::New(c.env());
    CodeGenOptLevel level = CodeGenOptLevel::Default;
    if (Napi::Value l = options.Get("optLevel"); !l.IsUndefined()) {
        if (!l.IsNumber()) c.fail("optLevel must be 0 to 3");
        int n = l.As<Napi::Number>().Int32Value();
        if (n < 0 || n > 3) c.fail("optLevel must be 0 to 3");
        level = static_cast<CodeGenOptLevel>(n);
    }
    auto reloc = option<Reloc::Model>(c, options, "relocModel",
                                      {{"static", Reloc::Static}, {"pic", Reloc::PIC_}, {"dynamic-no-pic", Reloc::DynamicNoPIC},
                                       {"ropi", Reloc::ROPI}, {"rwpi", Reloc::RWPI}, {"ropi-rwpi", Reloc::ROPI_RWPI}});
    auto code = option<CodeModel::Model>(c, options, "codeModel",
                                         {{"tiny", CodeModel::Tiny}, {"small", CodeModel::Small}, {"kernel", CodeModel::Kernel},
                                          {"medium", CodeModel::Medium}, {"large", CodeModel::Large}});
    std::string error;
    if (TargetRegistry::lookupTarget(triple, error) != target) c.fail("the triple '" + triple.str() + "' belongs to another target");
    // Unknown CPUs and features only print a warning in LLVM; refuse them instead.
    std::unique_ptr<MCSubtargetInfo> sti(target->createMCSubtargetInfo(triple, cpu, features));
    if (sti == nullptr) c.fail("no subtarget information for " + triple.str());
    if (!cpu.empty() && cpu != "generic" && !sti->isCPUStringValid(cpu)) {
        c.fail("'" + cpu + "' is not a processor LLVM knows for " + triple.str());
    }
    TargetOptions targetOptions;
    TargetMachine *machine = target->createTargetMachine(triple, cpu, features, targetOptions, reloc, code, level);
    if (machine == nullptr) c.fail("LLVM made no target machine for " + triple.str());
    auto *h = new Handle{Kind::TargetMachine};
    h->owned = std::shared_ptr<TargetMachine>(machine, [](TargetMachine *gone) {
        forgetEmitter(gone);
        delete gone;
    });
    return wrapHandle(c.env(), "TargetMachine", h);
}

// Calls of intrinsics under the names older LLVMs gave them (llvm.nvvm.barrier0...) become calls
// of today's, as LLVM's IR and bitcode readers upgrade them; a module built in memory would
// otherwise keep them as calls of unknown external functions.
void upgradeIntrinsics(Module &m) {
    std::vector<Function *> declared;
    for (Function &f : m) {
        if (f.isDeclaration() && f.getName().starts_with("llvm.")) declared.push_back(&f);
    }
    for (Function *f : declared) UpgradeCallsToIntrinsic(f);
}

// Coroutine intrinsics left for code generation crash LLVM's instruction selection; they mean
// the coroutine passes did not run (or did not recognise the coroutine).
void refuseCoroutines(Call &c, Module &m) {
    for (Function &f : m) {
        if (f.getName().starts_with("llvm.coro.") && !f.use_empty()) {
            c.fail("the module still calls " + f.getName().str() + "; run the coroutine passes (coro-early, coro-split, coro-cleanup) first");
        }
    }
}

TargetMachine *machineOf(Call &c, const Napi::Value &v) {
    return static_cast<TargetMachine *>(c.handle(v, Kind::TargetMachine, nullptr)->owned.get());
}

// LLVM 22's straight-line strength reduction (in NVPTX's and AMDGPU's code generation) compares
// each address or sum with every earlier one of the same base in its block, building SCEV
// expressions for each pair: quadratic in a long block (a 400-line kernel of one block spent
// 1.1 s of 1.6 s in it, 800 lines 5 s of 5.7 s, and its PTX came out the same without it). In a
// module with a block longer than this it does not run; unrolled loop bodies stay far below.
constexpr size_t LongBlock = 2000;

bool hasLongBlock(const Module &m) {
    for (const Function &f : m) {
        for (const BasicBlock &b : f) {
            if (b.size() > LongBlock) return true;
        }
    }
    return false;
}

// NVPTX at O3 runs GVN twice in its IR passes (where O2 runs EarlyCSE): after straight-line
// strength reduction and before the load-store vectorizer. The first, about 8% of emitting the
// 200-line bench kernel, is skipped: of the 86 kernels of bench/cuda/ptx-corpus.ts only
// conformance math-f64 changed (libdevice's f64 trigonometric slow path: 4 PTX instructions fewer;
// `ptxas -arch=sm_90 -v`: the same registers, no spills, the same SASS size). O2 throughout
// instead changed five kernels, conformance matmul for the worse (28 registers to 32).
bool skipsFirstGVN(const TargetMachine &machine) {
    return machine.getTargetTriple().isNVPTX() && machine.getOptLevel() == CodeGenOptLevel::Aggressive;
}

// Skips, while installed on a context (a pass gate, as -opt-disable is), the quadratic pass and
// each function's first GVN where asked.
class CodeGenerationGate : public OptPassGate {
public:
    CodeGenerationGate(LLVMContext &context, bool quadratic, bool firstGVN)
        : context(context), previous(context.getOptPassGate()), quadratic(quadratic), firstGVN(firstGVN) {
        if (active()) context.setOptPassGate(*this);
    }
    ~CodeGenerationGate() override {
        if (active()) context.setOptPassGate(previous);
    }
    bool isEnabled() const override { return true; }
    bool shouldRunPass(StringRef pass, StringRef description) const override {
        if (quadratic && (pass == "slsr" || pass == "Straight line strength reduction")) return false;
        // The description names the function: the first query for it is its first GVN.
        if (firstGVN && (pass == "gvn" || pass == "Global Value Numbering") && gvnSeen.insert(description.str()).second) {
            return false;
        }
        return !previous.isEnabled() || previous.shouldRunPass(pass, description);
    }

private:
    bool active() const { return quadratic || firstGVN; }
    LLVMContext &context;
    OptPassGate &previous;
    bool quadratic;
    bool firstGVN;
    mutable std::unordered_set<std::string> gvnSeen;
};

Napi::Value emitToBuffer(const Napi::CallbackInfo &info) {
    Call c{info, "TargetMachine.emitToBuffer(module, kind)"};
    TargetMachine *machine = machineOf(c, info.This());
    Module *m = c.moduleArg(0);
    std::string kind = c.string(1);
    if (kind != "assembly" && kind != "object") c.fail("kind must be 'assembly' or 'object'");
    if (m->getTargetTriple() != machine->getTargetTriple()) {
        c.fail("the module's triple '" + m->getTargetTriple().str() + "' differs from the machine's '" +
               machine->getTargetTriple().str() + "'");
    }
    if (m->getDataLayout() != machine->createDataLayout()) {
        c.fail("the module's data layout '" + m->getDataLayoutStr() + "' differs from the machine's '" +
               machine->createDataLayout().getStringRepresentation() + "'");
    }
    upgradeIntrinsics(*m);
    std::string broken;
    raw_string_ostream brokenOut(broken);
    if (verifyModule(*m, &brokenOut)) c.fail("the module does not verify:\n" + broken);
    refuseCoroutines(c, *m);
    SmallVector<char, 0> bytes;
    raw_svector_ostream out(bytes);
    Diagnostics diagnostics(m->getContext());
    CodeGenerationGate gate(m->getContext(), hasLongBlock(*m), skipsFirstGVN(*machine));
    bool unsupported = guardFatal(c.env(), "TargetMachine.emitToBuffer", [&] {
        if (kind == "assembly" && machine->getTargetTriple().isNVPTX()) return !emitKept(*machine, *m, bytes);
        legacy::PassManager pm;
        if (machine->addPassesToEmitFile(pm, out, nullptr,
                                         kind == "assembly" ? CodeGenFileType::AssemblyFile : CodeGenFileType::ObjectFile)) {
            return true;
        }
        pm.run(*m);
        return false;
    });
    if (unsupported) c.fail("this target cannot emit " + kind);
    if (diagnostics.hasErrors()) {
        throw Napi::Error::New(c.env(), "code generation failed:\n" + diagnostics.text());
    }
    return Napi::Buffer<char>::Copy(c.env(), bytes.data(), bytes.size());
}

#define MACHINE_STRING(NAME, EXPR) \
    Napi::Value NAME(const Napi::CallbackInfo &info) { \
        Call c{info, "TargetMachine." #NAME "()"}; \
        TargetMachine *machine = machineOf(c, info.This()); \
        return Napi::String::New(c.env(), EXPR); \
    }
MACHINE_STRING(getTargetTriple, machine->getTargetTriple().str())
MACHINE_STRING(getTargetCPU, machine->getTargetCPU().str())
MACHINE_STRING(getTargetFeatureString, machine->getTargetFeatureString().str())
MACHINE_STRING(getDataLayoutString, machine->createDataLayout().getStringRepresentation())
#undef MACHINE_STRING

// The optimisation level in a pass name `PREFIX<On>` (0 to 3), or -1.
int levelIn(StringRef name, StringRef prefix) {
    if (!name.consume_front(prefix) || name.size() != 4 || !name.starts_with("<O") || !name.ends_with(">")) return -1;
    char digit = name[2];
    return digit >= '0' && digit <= '3' ? digit - '0' : -1;
}

// `gpuc-inline-params<On>`: the advice the inliner of `default<On>` follows (its thresholds), for
// a pipeline written out as text, whose plain `inline` would follow the default thresholds.
struct InlineParamsForLevel : PassInfoMixin<InlineParamsForLevel> {
    unsigned level;
    PreservedAnalyses run(Module &m, ModuleAnalysisManager &mam) {
        mam.getResult<InlineAdvisorAnalysis>(m).tryCreate(getInlineParams(level, 0), InliningAdvisorMode::Default, {},
                                                          InlineContext{ThinOrFullLTOPhase::None, InlinePass::CGSCCInliner});
        return PreservedAnalyses::all();
    }
};

// Passes of `default<On>` whose level the textual syntax cannot give: `gpuc-inline-params<On>`
// (module) and `gpuc-loop-unroll-full<On>` (loop; plain `loop-unroll-full` unrolls as at O2).
void registerLevelledPasses(PassBuilder &builder) {
    builder.registerPipelineParsingCallback([](StringRef name, ModulePassManager &passes, ArrayRef<PassBuilder::PipelineElement>) {
        int level = levelIn(name, "gpuc-inline-params");
        if (level < 0) return false;
        passes.addPass(InlineParamsForLevel{{}, static_cast<unsigned>(level)});
        return true;
    });
    builder.registerPipelineParsingCallback([](StringRef name, LoopPassManager &passes, ArrayRef<PassBuilder::PipelineElement>) {
        int level = levelIn(name, "gpuc-loop-unroll-full");
        if (level < 0) return false;
        passes.addPass(LoopFullUnrollPass(level));
        return true;
    });
}

Napi::Value runPasses(const Napi::CallbackInfo &info) {
    Call c{info, "runPasses(module, pipeline, targetMachine?)"};
    Module *m = c.moduleArg(0);
    std::string pipeline = c.string(1);
    TargetMachine *machine = c.has(2) && !info[2].IsNull() ? machineOf(c, info[2]) : nullptr;
    LoopAnalysisManager lam;
    FunctionAnalysisManager fam;
    CGSCCAnalysisManager cgam;
    ModuleAnalysisManager mam;
    PassBuilder builder(machine);
    builder.registerModuleAnalyses(mam);
    builder.registerCGSCCAnalyses(cgam);
    builder.registerFunctionAnalyses(fam);
    builder.registerLoopAnalyses(lam);
    builder.crossRegisterProxies(lam, fam, cgam, mam);
    registerLevelledPasses(builder);
    ModulePassManager passes;
    if (Error error = builder.parsePassPipeline(passes, pipeline)) {
        c.fail("bad pass pipeline '" + pipeline + "': " + toString(std::move(error)));
    }
    upgradeIntrinsics(*m);
    Diagnostics diagnostics(m->getContext());
    guardFatal(c.env(), "runPasses", [&] { passes.run(*m, mam); });
    if (diagnostics.hasErrors()) throw Napi::Error::New(c.env(), "the pass pipeline failed:\n" + diagnostics.text());
    return Napi::String::New(c.env(), diagnostics.text());
}

Napi::Value hostCPUName(const Napi::CallbackInfo &info) {
    return Napi::String::New(info.Env(), sys::getHostCPUName().str());
}

Napi::Value hostCPUFeatures(const Napi::CallbackInfo &info) {
    std::string out;
    for (auto &feature : sys::getHostCPUFeatures()) {
        if (!out.empty()) out += ',';
        out += (feature.second ? '+' : '-') + feature.first().str();
    }
    return Napi::String::New(info.Env(), out);
}

Napi::Value defaultTriple(const Napi::CallbackInfo &info) {
    return Napi::String::New(info.Env(), sys::getDefaultTargetTriple());
}

Napi::Value initialize(const Napi::CallbackInfo &info) { return info.Env().Undefined(); }

}  // namespace

// The targets linked into the binary: the hosts gpuc runs on, the GPUs, and WebAssembly for
// plugins that target it.
void initializeTargets() {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser();
    LLVMInitializeAArch64TargetInfo();
    LLVMInitializeAArch64Target();
    LLVMInitializeAArch64TargetMC();
    LLVMInitializeAArch64AsmPrinter();
    LLVMInitializeAArch64AsmParser();
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTarget();
    LLVMInitializeNVPTXTargetMC();
    LLVMInitializeNVPTXAsmPrinter();
    LLVMInitializeAMDGPUTargetInfo();
    LLVMInitializeAMDGPUTarget();
    LLVMInitializeAMDGPUTargetMC();
    LLVMInitializeAMDGPUAsmPrinter();
    LLVMInitializeAMDGPUAsmParser();
    LLVMInitializeWebAssemblyTargetInfo();
    LLVMInitializeWebAssemblyTarget();
    LLVMInitializeWebAssemblyTargetMC();
    LLVMInitializeWebAssemblyAsmPrinter();
    LLVMInitializeWebAssemblyAsmParser();
}

void registerTarget(Registry &r) {
    r.statics("TargetRegistry", "lookupTarget", lookupTarget);
    r.method("Target", "getName", targetName);
    r.method("Target", "createTargetMachine", createTargetMachine);
    r.method("TargetMachine", "emitToBuffer", emitToBuffer);
    r.method("TargetMachine", "getTargetTriple", getTargetTriple);
    r.method("TargetMachine", "getTargetCPU", getTargetCPU);
    r.method("TargetMachine", "getTargetFeatureString", getTargetFeatureString);
    r.method("TargetMachine", "getDataLayoutString", getDataLayoutString);
    r.function("runPasses", runPasses);
    r.function("getHostCPUName", hostCPUName);
    r.function("getHostCPUFeatures", hostCPUFeatures);
    r.function("getDefaultTargetTriple", defaultTriple);
    // Targets are initialised when the binary loads; these stay for callers that ask.
    r.function("InitializeAllTargetInfos", initialize);
    r.function("InitializeAllTargets", initialize);
    r.function("InitializeAllTargetMCs", initialize);
    r.function("InitializeAllAsmPrinters", initialize);
    r.function("InitializeAllAsmParsers", initialize);
    Napi::Object config = Napi::Object::New(r.env);
    config.Set("LLVM_VERSION_STRING", LLVM_VERSION_STRING);
    config.Set("LLVM_VERSION_MAJOR", LLVM_VERSION_MAJOR);
    r.exports.Set("config", config);
}

}  // namespace gpuc
