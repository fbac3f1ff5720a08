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

// When the file open as `fd` was made (statx's birth time, Linux 4.11+), as nanoseconds since the
// epoch, or 0 where the file system does not record it. An inode number freed by a deleted file
// can be given to the next file made; its birth time tells the two apart.
#include <linux/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <fcntl.h>
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000 // <fcntl.h> declares it only with _GNU_SOURCE; the kernel's value
#endif
static inline long long testex_birth_time(int fd) {
    struct statx status;
    if (syscall(__NR_statx, fd, "", AT_EMPTY_PATH, STATX_BTIME, &status) != 0) return 0;
    if (!(status.stx_mask & STATX_BTIME)) return 0;
    return (long long)status.stx_btime.tv_sec * 1000000000LL + status.stx_btime.tv_nsec;
}
#endif

#endif
