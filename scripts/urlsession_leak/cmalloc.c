#include <malloc.h>
#include "cmalloc.h"
size_t cm_in_use(void) { return mallinfo2().uordblks; }
