// System calls the Swift overlays of the C library do not expose.
#ifndef TESTEX_CPLATFORM_SHIM_H
#define TESTEX_CPLATFORM_SHIM_H

#ifdef __linux__
// Flushes every dirty page of the file system holding `fd` (Linux 2.6.39+, glibc 2.14+): one call
// where a batch of writes would otherwise need an fsync of each file and directory.
int syncfs(int fd);

// The kernel's random bytes (Linux 3.17+, glibc 2.25+).
#include <sys/random.h>

// The first occurrence of a byte string in another (a GNU extension, which the overlay's
// <string.h> does not declare without _GNU_SOURCE).
#include <stddef.h>
void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
#endif

#endif
