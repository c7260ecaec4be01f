{
  "variables": {
    "llvm_config%": "<!(echo ${LLVM_CONFIG:-llvm-config-22})"
  },
  "targets": [
    {
      "target_name": "gpuc-llvm",
      "sources": [
        "addon.cpp",
        "handles.cpp",
        "module.cpp",
        "types.cpp",
        "constants.cpp",
        "metadata.cpp",
        "values.cpp",
        "instructions.cpp",
        "builder.cpp",
        "debuginfo.cpp",
        "target.cpp",
        "lld.cpp",
        "stubs.cpp"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "<!(<(llvm_config) --includedir)"
      ],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "_GNU_SOURCE",
        "__STDC_CONSTANT_MACROS",
        "__STDC_FORMAT_MACROS",
        "__STDC_LIMIT_MACROS",
        "NDEBUG"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++20"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-fno-rtti", "-ffunction-sections", "-fdata-sections", "-Wno-unused-parameter", "-Wno-missing-field-initializers"],
      "libraries": [
        "-Wl,--start-group",
        "<!@(bash ../scripts/llvm-libs.sh)",
        "-Wl,--end-group",
        "-Wl,--exclude-libs,ALL",
        "-Wl,--gc-sections",
        "-Wl,--as-needed",
        "-lz",
        "-lzstd",
        "-lpthread",
        "-ldl",
        "-lrt",
        "-lm"
      ],
      "ldflags": ["-L<!@(<(llvm_config) --libdir)"]
    }
  ]
}
