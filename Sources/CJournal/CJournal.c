#define _GNU_SOURCE
#include "CJournal.h"

#include <errno.h>
#include <fcntl.h>

int tandem_enable_direct_io(int descriptor) {
#ifdef O_DIRECT
    int flags = fcntl(descriptor, F_GETFL);
    if (flags < 0) return errno;
    if (fcntl(descriptor, F_SETFL, flags | O_DIRECT) < 0) return errno;
    return 0;
#else
    (void)descriptor;
    return EINVAL;
#endif
}
