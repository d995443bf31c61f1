/* A sample external step plugin: `stamp-build-label` sets BuildLabel (for example
 * "contoso-win10-20261126.0315") for later steps and, when BuildLabelFile is set, writes it into
 * the image at ImagePath. Plain C against plugin/kmsprep_plugin.h only; see docs/plugin-abi.md. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kmsprep_plugin.h"

static const kmsprep_variable_spec variables[] = {
    {"BuildLabelPrefix", 0, KMSPREP_IN, "start of the label (default \"build\")"},
    {"BuildNumber", 0, KMSPREP_IN, "end of the label (default: UTC date and time, YYYYMMDD.HHMM)"},
    {"BuildLabelFile", 0, KMSPREP_IN, "path inside the image to write the label to, e.g. Windows/build.txt"},
    {"ImagePath", 0, KMSPREP_IN, "the image to write BuildLabelFile into"},
    {"ImageIndex", 0, KMSPREP_IN, "WIM image index (default 1)"},
    {"BuildLabel", 0, KMSPREP_OUT, "the label"},
};

/* Copies a variable into `buffer` (NUL-terminated); returns 0 when unset, empty or too long. */
static int get(const kmsprep_context* context, const char* name, char* buffer, size_t size) {
  const char* value = NULL;
  size_t length = 0;
  if (context->api->get_variable(context->host, name, strlen(name), &value, &length, NULL) !=
          KMSPREP_OK ||
      length == 0 || length >= size) {
    return 0;
  }
  memcpy(buffer, value, length);
  buffer[length] = '\0';
  return 1;
}

static void log_text(const kmsprep_context* context, int32_t level, const char* text) {
  context->api->log(context->host, level, text, strlen(text));
}

static int32_t fail(const kmsprep_context* context, const char* what, const kmsprep_error* error) {
  char text[700];
  snprintf(text, sizeof text, "%s: %s", what, error->message);
  log_text(context, KMSPREP_LOG_ERROR, text);
  return error->code != 0 ? error->code : 1;
}

static int32_t write_into_image(const kmsprep_context* context, const char* label) {
  char image_path[4096], file[1024], index_text[16];
  if (!get(context, "BuildLabelFile", file, sizeof file)) return KMSPREP_STEP_SUCCESS;
  if (!get(context, "ImagePath", image_path, sizeof image_path)) {
    log_text(context, KMSPREP_LOG_ERROR, "BuildLabelFile is set but ImagePath is not");
    return 1;
  }
  int index = 1;
  if (get(context, "ImageIndex", index_text, sizeof index_text)) sscanf(index_text, "%d", &index);

  kmsprep_error error;
  memset(&error, 0, sizeof error);
  error.struct_size = sizeof error;
  kmsprep_image* image = NULL;
  if (context->api->open_image(context->host, image_path, strlen(image_path), index, 1, &image,
                               &error) != KMSPREP_OK) {
    return fail(context, "cannot open the image", &error);
  }
  char content[300];
  snprintf(content, sizeof content, "%s\r\n", label);
  int32_t result = KMSPREP_STEP_SUCCESS;
  /* The host writes the commit only if this step succeeds. */
  if (context->api->write_image_file(context->host, image, file, strlen(file), content,
                                     strlen(content), &error) != KMSPREP_OK ||
      context->api->commit_image(context->host, image, &error) != KMSPREP_OK) {
    result = fail(context, "cannot stamp the image", &error);
  }
  context->api->close_image(context->host, image);
  return result;
}

static int32_t run(const kmsprep_context* context) {
  char prefix[128] = "build", number[64], label[256];
  get(context, "BuildLabelPrefix", prefix, sizeof prefix);
  if (!get(context, "BuildNumber", number, sizeof number)) {
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(number, sizeof number, "%Y%m%d.%H%M", &utc);
  }
  snprintf(label, sizeof label, "%s-%s", prefix, number);
  if (context->api->is_cancelled(context->host)) return 1;

  kmsprep_error error;
  memset(&error, 0, sizeof error);
  error.struct_size = sizeof error;
  if (context->api->set_variable(context->host, "BuildLabel", strlen("BuildLabel"), label,
                                 strlen(label), &error) != KMSPREP_OK) {
    return fail(context, "cannot set BuildLabel", &error);
  }
  return write_into_image(context, label);
}

static const kmsprep_step step = {
    sizeof(kmsprep_step),
    KMSPREP_PLUGIN_ABI_VERSION,
    "stamp-build-label",
    "set BuildLabel (prefix + build number or UTC time) and optionally write it into the image",
    variables,
    sizeof variables / sizeof variables[0],
    run,
};

KMSPREP_EXPORT const kmsprep_step* kmsprep_step_descriptor(void) { return &step; }
