/* A small iconv(3) for MinGW, which has none, written for hivex in kmsprep's Windows prefix
 * (scripts/build-windows-deps, build_hivex installs it as include/iconv.h and lib/libiconv.a).
 * It converts between exactly the encodings hivex names: UTF-8, UTF-16LE and Latin-1. */
#ifndef KMSPREP_WINDOWS_ICONV_H
#define KMSPREP_WINDOWS_ICONV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* void *, as glibc's: hivex keeps the handle in an iconv_t * field without a cast. */
typedef void* iconv_t;

/* "UTF-8", "UTF-16LE", "LATIN1" / "ISO-8859-1" (and their usual spellings, any case);
 * anything else is (iconv_t)-1 with errno EINVAL. */
iconv_t iconv_open(const char* to_code, const char* from_code);

/* POSIX semantics: returns 0 (no conversion is irreversible: a character the target cannot
 * hold is an error) or (size_t)-1 with errno E2BIG (output full), EILSEQ (invalid input or
 * a character the target cannot hold) or EINVAL (incomplete sequence at the end of the
 * input); *in and *out always point just past what was converted. The encodings keep no
 * state, so a call with in == NULL or *in == NULL only returns 0. */
size_t iconv(iconv_t cd, char** in, size_t* in_left, char** out, size_t* out_left);

int iconv_close(iconv_t cd);

#ifdef __cplusplus
}
#endif

#endif
