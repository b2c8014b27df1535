/* unit.h: common includes for the cmocka unit tests of the pure core. */
#ifndef KTXH_UNIT_H
#define KTXH_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#endif
