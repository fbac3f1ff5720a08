#include <stddef.h>
/// glibc's bytes in use by malloc (mallinfo2's uordblks, every arena).
size_t cm_in_use(void);
