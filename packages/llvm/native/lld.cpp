// AMDGPU code objects: lld's ELF driver, linked into the binary, turns a relocatable object into the
// shared object the HSA runtime loads (`ld.lld -shared`), with no ld.lld executable.
#include "handles.h"

#include <lld/Common/Driver.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

LLD_HAS_DRIVER(elf)

namespace gpuc {
namespace {

using namespace llvm;

// A temporary file removed when the scope ends.
struct TempFile {
    SmallString<128> path;
    TempFile(const char *prefix, const char *suffix, Call &c) {
        if (std::error_code ec = sys::fs::createTemporaryFile(prefix, suffix, path)) {
            c.fail("cannot create a temporary file: " + ec.message());
        }
    }
    ~TempFile() { sys::fs::remove(path); }
};

// lld keeps global state per link; one link at a time.
bool linking = false;

Napi::Value linkCodeObject(const Napi::CallbackInfo &info) {
    Call c{info, "lldLinkCodeObject(object, extraArgs?)"};
    if (!c.at(0).IsTypedArray()) c.fail("argument 1 must be a Buffer or Uint8Array holding an ELF object");
    auto object = c.at(0).As<Napi::Uint8Array>();
    if (object.ByteLength() < 4 || std::memcmp(object.Data(), "\x7f" "ELF", 4) != 0) c.fail("argument 1 is not an ELF object");
    std::vector<std::string> extra = c.has(1) ? c.strings(1) : std::vector<std::string>{};
    if (linking) c.fail("lld is already linking");
    TempFile input("gpuc-lld", "o", c);
    TempFile output("gpuc-lld", "hsaco", c);
    {
        std::error_code ec;
        raw_fd_ostream out(input.path, ec, sys::fs::OF_None);
        if (ec) c.fail("cannot write a temporary file: " + ec.message());
        out.write(reinterpret_cast<const char *>(object.Data()), object.ByteLength());
    }
    std::vector<const char *> args = {"ld.lld", "-shared", "--no-undefined", "-o", output.path.c_str(), input.path.c_str()};
    for (auto &a : extra) args.push_back(a.c_str());
    std::string messages;
    raw_string_ostream out(messages), err(messages);
    linking = true;
    lld::Result result = lld::lldMain(args, out, err, {{lld::Gnu, &lld::elf::link}});
    linking = false;
    if (result.retCode != 0) throw Napi::Error::New(c.env(), "lld: linking the code object failed:\n" + messages);
    if (!result.canRunAgain) throw Napi::Error::New(c.env(), "lld: the linker cannot run again in this process:\n" + messages);
    auto linked = MemoryBuffer::getFile(output.path);
    if (!linked) c.fail("cannot read lld's output: " + linked.getError().message());
    return Napi::Buffer<char>::Copy(c.env(), (*linked)->getBufferStart(), (*linked)->getBufferSize());
}

}  // namespace

void registerLld(Registry &r) { r.function("lldLinkCodeObject", linkCodeObject); }

}  // namespace gpuc
