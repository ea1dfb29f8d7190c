#ifndef TANDEM_CLIBUV_SHIM_H
#define TANDEM_CLIBUV_SHIM_H
#include <uv.h>

#endif
