#ifndef LAWTRAIL_CFUZZDRIVER_H
#define LAWTRAIL_CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, for a program that has a main of its own (LLVM's libFuzzer.rst, "Using
// libFuzzer as a library"). SwiftPM gives every debug executable an entry point named
// `<module>_main` and links `main` to it, so each target defines that entry and hands over here.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
