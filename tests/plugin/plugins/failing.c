/* Test plugin: stages a write into ImagePath (when set: FailFile gets "changed"), asks for a
 * commit, then fails with FailCode (default 5). The image must stay as it was. */
#include <stdlib.h>
#include <string.h>

#include "kmsprep_plugin.h"

static const kmsprep_variable_spec variables[] = {
    {"ImagePath", 0, KMSPREP_IN, "image to stage a change in"},
    {"FailFile", 0, KMSPREP_IN, "path inside the image (default failing.txt)"},
    {"FailCode", 0, KMSPREP_IN, "the failure code (default 5)"},
};

static int get(const kmsprep_context* c, const char* name, char* buffer, size_t size) {
  const char* value = NULL;
  size_t length = 0;
  if (c->api->get_variable(c->host, name, strlen(name), &value, &length, NULL) != KMSPREP_OK ||
      length == 0 || length >= size) {
    return 0;
  }
  memcpy(buffer, value, length);
  buffer[length] = '\0';
  return 1;
}

static int32_t run(const kmsprep_context* c) {
  char image_path[4096], file[256] = "failing.txt", code[32];
  int32_t result = 5;
  if (get(c, "FailCode", code, sizeof code)) result = (int32_t)strtol(code, NULL, 10);
  get(c, "FailFile", file, sizeof file);
  if (get(c, "ImagePath", image_path, sizeof image_path)) {
    kmsprep_error error;
    memset(&error, 0, sizeof error);
    error.struct_size = sizeof error;
    kmsprep_image* image = NULL;
    if (c->api->open_image(c->host, image_path, strlen(image_path), 1, 1, &image, &error) !=
        KMSPREP_OK) {
      c->api->log(c->host, KMSPREP_LOG_ERROR, error.message, strlen(error.message));
      return 2;
    }
    c->api->write_image_file(c->host, image, file, strlen(file), "changed", 7, &error);
    c->api->commit_image(c->host, image, &error);
    c->api->close_image(c->host, image);
  }
  c->api->log(c->host, KMSPREP_LOG_ERROR, "test-failing fails", 18);
  return result;
}

static const kmsprep_step step = {sizeof(kmsprep_step), KMSPREP_PLUGIN_ABI_VERSION, "test-failing",
                                  "stages an image change, then fails", variables, 3, run};

KMSPREP_EXPORT const kmsprep_step* kmsprep_step_descriptor(void) { return &step; }
