/*
 * Shared by the libFuzzer harnesses in tests/fuzz/.  Each fuzz-*.c defines
 * LLVMFuzzerTestOneInput and checks the promises its module's header makes;
 * `make fuzz` links it with libFuzzer, `make check` with replay.c, which
 * runs the seed corpus through it.  A broken promise aborts, so libFuzzer
 * keeps the input and replay.sh fails.
 */
#ifndef OPSDECK_FUZZ_H
#define OPSDECK_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define PROMISE(cond) do {						\
	if (!(cond))							\
		fuzz_broken(__FILE__, __LINE__, #cond);			\
} while (0)

void	fuzz_broken(const char *file, int line, const char *what)
	    __attribute__((noreturn));
/* Strict UTF-8 of n bytes: no overlongs, surrogates or values > U+10FFFF. */
bool	fuzz_utf8_valid(const char *s, size_t n);
/* Decodes the valid UTF-8 character at s; returns its length. */
size_t	fuzz_utf8_decode(const char *s, uint32_t *cp);
/* Every byte of s in 0x20..0x7e. */
bool	fuzz_printable_ascii(const char *s);
/* A NUL-terminated heap copy of n bytes; caller frees. */
char	*fuzz_cstring(const uint8_t *data, size_t n);

#endif
