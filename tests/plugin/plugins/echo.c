/* Test plugin: logs "NAME=value" (or "NAME unset") for each name in EchoNames (comma-separated),
 * then sets each NAME=VALUE of EchoSet (comma-separated) and returns EchoResult (default 0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmsprep_plugin.h"

static const kmsprep_variable_spec variables[] = {
    {"EchoNames", 0, KMSPREP_IN, "variables to log"},
    {"EchoSet", 0, KMSPREP_IN, "NAME=VALUE,... to set"},
    {"EchoResult", 0, KMSPREP_IN, "the result to return"},
};

static int get(const kmsprep_context* c, const char* name, char* buffer, size_t size) {
  const char* value = NULL;
  size_t length = 0;
  if (c->api->get_variable(c->host, name, strlen(name), &value, &length, NULL) != KMSPREP_OK ||
      length >= size) {
    return 0;
  }
  memcpy(buffer, value, length);
  buffer[length] = '\0';
  return 1;
}

static int32_t run(const kmsprep_context* c) {
  char names[1024], set[1024], value[1024], line[2200], result[32];
  if (get(c, "EchoNames", names, sizeof names)) {
    for (char* name = strtok(names, ","); name; name = strtok(NULL, ",")) {
      if (get(c, name, value, sizeof value)) {
        snprintf(line, sizeof line, "%s=%s", name, value);
      } else {
        snprintf(line, sizeof line, "%s unset", name);
      }
      c->api->log(c->host, KMSPREP_LOG_INFO, line, strlen(line));
    }
  }
  if (get(c, "EchoSet", set, sizeof set)) {
    for (char* pair = strtok(set, ","); pair; pair = strtok(NULL, ",")) {
      char* equals = strchr(pair, '=');
      if (!equals) continue;
      kmsprep_error error;
      memset(&error, 0, sizeof error);
      error.struct_size = sizeof error;
      if (c->api->set_variable(c->host, pair, (size_t)(equals - pair), equals + 1,
                               strlen(equals + 1), &error) != KMSPREP_OK) {
        c->api->log(c->host, KMSPREP_LOG_ERROR, error.message, strlen(error.message));
        return 7;
      }
    }
  }
  if (get(c, "EchoResult", result, sizeof result) && result[0]) {
    return (int32_t)strtol(result, NULL, 10);
  }
  return 0;
}

static const kmsprep_step step = {sizeof(kmsprep_step), KMSPREP_PLUGIN_ABI_VERSION, "test-echo",
                                  "logs and sets variables", variables, 3, run};

KMSPREP_EXPORT const kmsprep_step* kmsprep_step_descriptor(void) { return &step; }
