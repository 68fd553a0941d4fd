#ifndef LEDGER_CZSTD_SHIM_H
#define LEDGER_CZSTD_SHIM_H
#include <zstd.h>
#endif
