/* kmsprep step plugin ABI, version 1: the one interface between kmsprep (the host) and a
 * task-sequence step, built-in or loaded from a shared library. Plain C: no C++ type and no
 * exception may cross it. Rules for changing it: docs/plugin-abi.md. */
#ifndef KMSPREP_PLUGIN_H
#define KMSPREP_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Incremented only by an incompatible change; the host refuses any other value. */
#define KMSPREP_PLUGIN_ABI_VERSION 1u

/* The one symbol a plugin library exports (see kmsprep_step_descriptor_function). */
#define KMSPREP_STEP_ENTRY_POINT "kmsprep_step_descriptor"

#if defined(_WIN32)
#define KMSPREP_EXPORT __declspec(dllexport)
#else
#define KMSPREP_EXPORT __attribute__((visibility("default")))
#endif

/* Step results (what run() returns). Anything other than these two is a failure code. */
#define KMSPREP_STEP_SUCCESS 0
#define KMSPREP_STEP_REBOOT_REQUIRED 3010

/* Status of every host function. On KMSPREP_FAILED the error out-parameter (when not NULL)
 * holds the kmsprep error number (docs/error-codes.md) and a message. */
#define KMSPREP_OK 0
#define KMSPREP_NOT_SET 1          /* get_variable: the variable has no value */
#define KMSPREP_INVALID_ARGUMENT 2 /* NULL pointer, bad name, unknown handle, read-only name */
#define KMSPREP_FAILED 3

typedef struct kmsprep_error {
  uint32_t struct_size; /* the caller sets sizeof(kmsprep_error) */
  int32_t code;         /* 0 or a kmsprep error number, e.g. 205 "path not found in image" */
  char message[512];    /* NUL-terminated; product keys are masked */
} kmsprep_error;

typedef enum kmsprep_direction {
  KMSPREP_IN = 1,    /* the step reads the variable */
  KMSPREP_OUT = 2,   /* the step sets the variable */
  KMSPREP_INOUT = 3, /* both */
} kmsprep_direction;

/* Fixed layout in ABI version 1 (changing it needs a new abi_version). */
typedef struct kmsprep_variable_spec {
  const char* name;        /* MDT-style variable name, e.g. "ImagePath" */
  int32_t required;        /* non-zero: the host refuses to run the step without a value */
  int32_t direction;       /* a kmsprep_direction */
  const char* description; /* one line */
} kmsprep_variable_spec;

typedef enum kmsprep_log_level {
  KMSPREP_LOG_INFO = 1, /* the CMTrace type values */
  KMSPREP_LOG_WARNING = 2,
  KMSPREP_LOG_ERROR = 3,
} kmsprep_log_level;

typedef struct kmsprep_host kmsprep_host;   /* opaque: one running step */
typedef struct kmsprep_image kmsprep_image; /* opaque: one open image */

/* Everything the host offers a running step. Strings are pointer + length (not necessarily
 * NUL-terminated) and UTF-8. A value from get_variable stays valid until run() returns; bytes
 * from read_image_file until the next read or close of that image, or until run() returns.
 * A newer host may append functions: check struct_size with KMSPREP_HOST_HAS before calling
 * one that was added after version 1. */
typedef struct kmsprep_host_api {
  uint32_t struct_size;

  /* Variables, resolved with the task-sequence precedence (docs/task-sequence.md). */
  int32_t (*get_variable)(kmsprep_host* host, const char* name, size_t name_length,
                          const char** value, size_t* value_length, kmsprep_error* error);
  /* Names beginning with '_' are read-only, as in ConfigMgr. */
  int32_t (*set_variable)(kmsprep_host* host, const char* name, size_t name_length,
                          const char* value, size_t value_length, kmsprep_error* error);

  /* One line into the CMTrace log (component = the step) and, for warnings and errors, on
   * stderr. Product keys in the text are masked. */
  void (*log)(kmsprep_host* host, int32_t level, const char* text, size_t text_length);

  /* Images through kmsprep's image layer: a directory, WIM (+ 1-based index), archive or disc
   * image. Edits are staged. commit_image asks for the staged edits to be written; the host
   * writes them only after run() returned a success code, so a failed step leaves every image
   * as it was. close_image releases the handle (uncommitted edits are dropped). */
  int32_t (*open_image)(kmsprep_host* host, const char* path, size_t path_length, int32_t index,
                        int32_t writable, kmsprep_image** image, kmsprep_error* error);
  int32_t (*read_image_file)(kmsprep_host* host, kmsprep_image* image, const char* path,
                             size_t path_length, const char** data, size_t* size,
                             kmsprep_error* error);
  int32_t (*write_image_file)(kmsprep_host* host, kmsprep_image* image, const char* path,
                              size_t path_length, const char* data, size_t size,
                              kmsprep_error* error);
  int32_t (*commit_image)(kmsprep_host* host, kmsprep_image* image, kmsprep_error* error);
  void (*close_image)(kmsprep_host* host, kmsprep_image* image);

  /* Non-zero once the user asked to stop (SIGINT, SIGTERM). A long step polls it and returns
   * a failure code soon after. */
  int32_t (*is_cancelled)(kmsprep_host* host);
} kmsprep_host_api;

/* True when the host's function table has `member` (a field of kmsprep_host_api). */
#define KMSPREP_HOST_HAS(api, member) \
  ((api)->struct_size >= offsetof(kmsprep_host_api, member) + sizeof((api)->member))

/* What run() receives. */
typedef struct kmsprep_context {
  uint32_t struct_size;
  kmsprep_host* host;
  const kmsprep_host_api* api;
} kmsprep_context;

/* The descriptor a plugin returns; static storage, valid while the library is loaded. */
typedef struct kmsprep_step {
  uint32_t struct_size; /* sizeof(kmsprep_step) as the plugin was compiled */
  uint32_t abi_version; /* KMSPREP_PLUGIN_ABI_VERSION */
  const char* name;     /* the step type in task sequences: [A-Za-z0-9._-]+, e.g. "stamp-build" */
  const char* description; /* one line */
  const kmsprep_variable_spec* variables;
  size_t variable_count;
  /* KMSPREP_STEP_SUCCESS, KMSPREP_STEP_REBOOT_REQUIRED or a failure code. */
  int32_t (*run)(const kmsprep_context* context);
} kmsprep_step;

/* The exported entry point: `KMSPREP_EXPORT const kmsprep_step* kmsprep_step_descriptor(void)`. */
typedef const kmsprep_step* (*kmsprep_step_descriptor_function)(void);

#ifdef __cplusplus
}
#endif

#endif /* KMSPREP_PLUGIN_H */
