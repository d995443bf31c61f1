/* The iconv of kmsprep's Windows prefix (iconv.h says what it covers). Every conversion goes
 * through one code point at a time: decode a character of the source encoding, encode it in
 * the target's, and only then advance both buffers, so that an error leaves *in at the start
 * of the character that failed, as iconv(3) requires. The decoders are as strict as glibc's
 * (no overlong UTF-8, no surrogates as characters, nothing above U+10FFFF), since hivex's
 * behaviour on odd registry strings should not differ between Linux and Windows. */
#include "iconv.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum encoding { UTF8, UTF16LE, LATIN1 };

struct converter {
  enum encoding from;
  enum encoding to;
};

/* Names compared without case, '-' or '_', so that "UTF-8", "utf8" and "ISO_8859-1" match. */
static int same_name(const char* given, const char* known) {
  for (;;) {
    while (*given == '-' || *given == '_') ++given;
    while (*known == '-' || *known == '_') ++known;
    if (*given == '\0' || *known == '\0') return *given == *known;
    if (toupper((unsigned char)*given) != toupper((unsigned char)*known)) return 0;
    ++given;
    ++known;
  }
}

static int encoding_named(const char* name, enum encoding* encoding) {
  static const struct {
    const char* name;
    enum encoding encoding;
  } names[] = {{"UTF8", UTF8},       {"UTF16LE", UTF16LE},     {"LATIN1", LATIN1},
               {"ISO88591", LATIN1}, {"ISO885911987", LATIN1}, {"L1", LATIN1},
               {"ISOIR100", LATIN1}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
    if (same_name(name, names[i].name)) {
      *encoding = names[i].encoding;
      return 1;
    }
  }
  return 0;
}

iconv_t iconv_open(const char* to_code, const char* from_code) {
  struct converter converter;
  if (to_code == NULL || from_code == NULL || !encoding_named(to_code, &converter.to) ||
      !encoding_named(from_code, &converter.from)) {
    errno = EINVAL;
    return (iconv_t)-1;
  }
  struct converter* handle = malloc(sizeof *handle);
  if (handle == NULL) {
    errno = ENOMEM;
    return (iconv_t)-1;
  }
  *handle = converter;
  return handle;
}

int iconv_close(iconv_t cd) {
  if (cd == NULL || cd == (iconv_t)-1) {
    errno = EBADF;
    return -1;
  }
  free(cd);
  return 0;
}

/* Decoders: 0 with the code point and the bytes it took, or EILSEQ / EINVAL. */
static int decode_utf8(const unsigned char* in, size_t left, uint32_t* code_point, size_t* length) {
  const unsigned char lead = in[0];
  if (lead < 0x80) {
    *code_point = lead;
    *length = 1;
    return 0;
  }
  size_t needed;
  uint32_t value;
  unsigned char low = 0x80, high = 0xBF; /* the range of the second byte */
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    needed = 3;
    value = lead & 0x0F;
    if (lead == 0xE0) low = 0xA0;  /* shorter forms are overlong */
    if (lead == 0xED) high = 0x9F; /* U+D800..U+DFFF are surrogates */
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    needed = 4;
    value = lead & 0x07;
    if (lead == 0xF0) low = 0x90;  /* overlong */
    if (lead == 0xF4) high = 0x8F; /* above U+10FFFF */
  } else {
    return EILSEQ;
  }
  for (size_t i = 1; i < needed; ++i) {
    if (i >= left) return EINVAL;
    const unsigned char byte = in[i];
    if (byte < (i == 1 ? low : 0x80) || byte > (i == 1 ? high : 0xBF)) return EILSEQ;
    value = (value << 6) | (byte & 0x3F);
  }
  *code_point = value;
  *length = needed;
  return 0;
}

static int decode_utf16le(const unsigned char* in, size_t left, uint32_t* code_point,
                          size_t* length) {
  if (left < 2) return EINVAL;
  const uint32_t unit = (uint32_t)in[0] | (uint32_t)in[1] << 8;
  if (unit >= 0xDC00 && unit <= 0xDFFF) return EILSEQ; /* a low surrogate first */
  if (unit < 0xD800 || unit > 0xDBFF) {
    *code_point = unit;
    *length = 2;
    return 0;
  }
  if (left < 4) return EINVAL;
  const uint32_t low = (uint32_t)in[2] | (uint32_t)in[3] << 8;
  if (low < 0xDC00 || low > 0xDFFF) return EILSEQ;
  *code_point = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  *length = 4;
  return 0;
}

/* Encoders: 0 with the bytes written, or E2BIG / EILSEQ. */
static int encode_utf8(uint32_t code_point, unsigned char* out, size_t left, size_t* length) {
  size_t needed = code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
  if (left < needed) return E2BIG;
  static const unsigned char leads[] = {0x00, 0x00, 0xC0, 0xE0, 0xF0};
  for (size_t i = needed - 1; i > 0; --i) {
    out[i] = (unsigned char)(0x80 | (code_point & 0x3F));
    code_point >>= 6;
  }
  out[0] = (unsigned char)(leads[needed] | code_point);
  *length = needed;
  return 0;
}

static int encode_utf16le(uint32_t code_point, unsigned char* out, size_t left, size_t* length) {
  if (code_point < 0x10000) {
    if (left < 2) return E2BIG;
    out[0] = (unsigned char)(code_point & 0xFF);
    out[1] = (unsigned char)(code_point >> 8);
    *length = 2;
    return 0;
  }
  if (left < 4) return E2BIG;
  const uint32_t high = 0xD800 + ((code_point - 0x10000) >> 10);
  const uint32_t low = 0xDC00 + ((code_point - 0x10000) & 0x3FF);
  out[0] = (unsigned char)(high & 0xFF);
  out[1] = (unsigned char)(high >> 8);
  out[2] = (unsigned char)(low & 0xFF);
  out[3] = (unsigned char)(low >> 8);
  *length = 4;
  return 0;
}

static int decode(enum encoding from, const unsigned char* in, size_t left, uint32_t* code_point,
                  size_t* length) {
  switch (from) {
    case UTF8:
      return decode_utf8(in, left, code_point, length);
    case UTF16LE:
      return decode_utf16le(in, left, code_point, length);
    case LATIN1:
      break;
  }
  *code_point = in[0];
  *length = 1;
  return 0;
}

static int encode(enum encoding to, uint32_t code_point, unsigned char* out, size_t left,
                  size_t* length) {
  switch (to) {
    case UTF8:
      return encode_utf8(code_point, out, left, length);
    case UTF16LE:
      return encode_utf16le(code_point, out, left, length);
    case LATIN1:
      break;
  }
  if (code_point > 0xFF) return EILSEQ;
  if (left < 1) return E2BIG;
  out[0] = (unsigned char)code_point;
  *length = 1;
  return 0;
}

size_t iconv(iconv_t cd, char** in, size_t* in_left, char** out, size_t* out_left) {
  if (cd == NULL || cd == (iconv_t)-1) {
    errno = EBADF;
    return (size_t)-1;
  }
  /* A reset or a flush of the shift state: these encodings have none. */
  if (in == NULL || *in == NULL) return 0;
  const struct converter* converter = cd;
  while (*in_left > 0) {
    uint32_t code_point;
    size_t read, written;
    int error = decode(converter->from, (const unsigned char*)*in, *in_left, &code_point, &read);
    if (error == 0) {
      error = encode(converter->to, code_point, (unsigned char*)*out, *out_left, &written);
    }
    if (error != 0) {
      errno = error;
      return (size_t)-1;
    }
    *in += read;
    *in_left -= read;
    *out += written;
    *out_left -= written;
  }
  return 0;
}
