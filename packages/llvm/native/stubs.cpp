// Stand-ins for what lld's driver references but gpuc never runs.
//
// lld initialises every target the LLVM it was built with has (Debian's has 22), for link-time
// optimisation, which gpuc never asks for; the binary links only the targets gpuc compiles for
// (X86, AArch64, NVPTX, AMDGPU, WebAssembly). The others get empty, weak initialisers: a linked
// target's real initialiser takes precedence, and the rest stay unregistered (looking them up
// fails as for an unknown triple). Polly's pass plugin, which Debian's LTO library registers,
// is not linked either; its stand-in registers nothing.
#include <llvm/Plugins/PassPlugin.h>

#define GPUC_TARGET_STUBS(T) \
    extern "C" __attribute__((weak)) void LLVMInitialize##T##TargetInfo() {} \
    extern "C" __attribute__((weak)) void LLVMInitialize##T##Target() {} \
    extern "C" __attribute__((weak)) void LLVMInitialize##T##TargetMC() {} \
    extern "C" __attribute__((weak)) void LLVMInitialize##T##AsmPrinter() {} \
    extern "C" __attribute__((weak)) void LLVMInitialize##T##AsmParser() {} \
    extern "C" __attribute__((weak)) void LLVMInitialize##T##Disassembler() {} \
    extern "C" __attribute__((weak)) void LLVMInitialize##T##TargetMCA() {}

GPUC_TARGET_STUBS(ARM)
GPUC_TARGET_STUBS(AVR)
GPUC_TARGET_STUBS(BPF)
GPUC_TARGET_STUBS(Hexagon)
GPUC_TARGET_STUBS(Lanai)
GPUC_TARGET_STUBS(LoongArch)
GPUC_TARGET_STUBS(Mips)
GPUC_TARGET_STUBS(MSP430)
GPUC_TARGET_STUBS(PowerPC)
GPUC_TARGET_STUBS(RISCV)
GPUC_TARGET_STUBS(Sparc)
GPUC_TARGET_STUBS(SPIRV)
GPUC_TARGET_STUBS(SystemZ)
GPUC_TARGET_STUBS(VE)
GPUC_TARGET_STUBS(XCore)
GPUC_TARGET_STUBS(M68k)
GPUC_TARGET_STUBS(Xtensa)
GPUC_TARGET_STUBS(ARC)
GPUC_TARGET_STUBS(CSKY)
GPUC_TARGET_STUBS(DirectX)

__attribute__((weak)) llvm::PassPluginLibraryInfo getPollyPluginInfo() {
    return {LLVM_PLUGIN_API_VERSION, "Polly (not linked)", "0", [](llvm::PassBuilder &) {}};
}
