#include "plugin/step_host.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>

#include "core/image_path.hpp"
#include "core/product_key.hpp"
#include "image/image.hpp"

struct kmsprep_image {
  std::unique_ptr<kmsprep::Image> image;
  std::string source;
  bool commit_requested = false;
  bool closed = false;
  std::string last_read;
};

struct kmsprep_host {
  kmsprep::Variables* variables = nullptr;
  const kmsprep::VariableMap* defaults = nullptr;
  kmsprep::Logger* logger = nullptr;
  std::string component;
  const kmsprep::CancellationCheck* cancelled = nullptr;
  std::deque<std::string> returned_values;  // stable addresses until run() returns
  std::vector<std::unique_ptr<kmsprep_image>> images;
};

namespace kmsprep {
namespace {

int32_t fail(kmsprep_error* error, int32_t status, const Error& detail) {
  if (error && error->struct_size >= offsetof(kmsprep_error, code) + sizeof(error->code)) {
    error->code = static_cast<int32_t>(detail.code());
  }
  if (error && error->struct_size >= sizeof(kmsprep_error)) {
    const std::string message = mask_product_keys(detail.to_string());
    std::snprintf(error->message, sizeof error->message, "%s", message.c_str());
  }
  return status;
}

void clear(kmsprep_error* error) {
  if (error && error->struct_size >= sizeof(kmsprep_error)) {
    error->code = 0;
    error->message[0] = '\0';
  }
}

int32_t invalid(kmsprep_error* error, const std::string& detail) {
  return fail(error, KMSPREP_INVALID_ARGUMENT, Error(ErrorCode::usage_invalid_argument, detail));
}

int32_t internal(kmsprep_error* error) {
  return fail(error, KMSPREP_FAILED,
              Error(ErrorCode::internal, "the host failed unexpectedly (out of memory?)"));
}

std::string text_of(const char* data, size_t length) {
  return data ? std::string(data, length) : std::string();
}

// Masks the value of ProductKey even when it is spelled in a way the pattern masking of the
// Logger would not recognise.
std::string mask_known_key(const kmsprep_host& host, std::string text) {
  const auto key = host.variables->get("ProductKey", host.defaults);
  if (!key || key->size() < 5) return text;
  const std::string masked = loggable_value("ProductKey", *key);
  for (size_t pos = 0; (pos = text.find(*key, pos)) != std::string::npos;) {
    text.replace(pos, key->size(), masked);
    pos += masked.size();
  }
  return text;
}

kmsprep_image* find_image(kmsprep_host* host, kmsprep_image* image) {
  for (auto& owned : host->images) {
    if (owned.get() == image && !owned->closed) return image;
  }
  return nullptr;
}

int32_t get_variable(kmsprep_host* host, const char* name, size_t name_length, const char** value,
                     size_t* value_length, kmsprep_error* error) {
  try {
    clear(error);
    if (!host || !name || !value || !value_length) return invalid(error, "NULL argument");
    const std::string variable = text_of(name, name_length);
    if (!is_valid_variable_name(variable)) {
      return invalid(error, "\"" + variable + "\" is not a variable name");
    }
    auto found = host->variables->get(variable, host->defaults);
    if (!found) return KMSPREP_NOT_SET;
    host->returned_values.push_back(std::move(*found));
    *value = host->returned_values.back().data();
    *value_length = host->returned_values.back().size();
    return KMSPREP_OK;
  } catch (...) {
    return internal(error);
  }
}

int32_t set_variable(kmsprep_host* host, const char* name, size_t name_length, const char* value,
                     size_t value_length, kmsprep_error* error) {
  try {
    clear(error);
    if (!host || !name || (!value && value_length > 0)) return invalid(error, "NULL argument");
    const std::string variable = text_of(name, name_length);
    if (!is_valid_variable_name(variable)) {
      return invalid(error, "\"" + variable + "\" is not a variable name");
    }
    if (variable[0] == '_') {
      return invalid(error, "variable " + variable + " is read-only (names beginning with '_')");
    }
    std::string text = text_of(value, value_length);
    host->logger->info(host->component,
                       "set variable " + variable + " = " + loggable_value(variable, text));
    host->variables->set_output(variable, std::move(text));
    return KMSPREP_OK;
  } catch (...) {
    return internal(error);
  }
}

void log_line(kmsprep_host* host, int32_t level, const char* text, size_t text_length) {
  try {
    if (!host) return;
    const LogLevel log_level = level == KMSPREP_LOG_ERROR     ? LogLevel::error
                               : level == KMSPREP_LOG_WARNING ? LogLevel::warning
                                                              : LogLevel::info;
    host->logger->log(log_level, host->component,
                      mask_known_key(*host, text_of(text, text_length)));
  } catch (...) {
    // Logging must never take the step down.
  }
}

int32_t open_image_file(kmsprep_host* host, const char* path, size_t path_length, int32_t index,
                        int32_t writable, kmsprep_image** image, kmsprep_error* error) {
  try {
    clear(error);
    if (!host || !path || !image) return invalid(error, "NULL argument");
    if (index < 1) return invalid(error, "image index " + std::to_string(index) + " is below 1");
    const std::string source = text_of(path, path_length);
    auto opened = open_image(source, OpenOptions{index, writable != 0, false, host->logger});
    if (!opened) return fail(error, KMSPREP_FAILED, opened.error());
    auto handle = std::make_unique<kmsprep_image>();
    handle->image = std::move(*opened);
    handle->source = source;
    *image = handle.get();
    host->images.push_back(std::move(handle));
    return KMSPREP_OK;
  } catch (...) {
    return internal(error);
  }
}

int32_t read_image_file(kmsprep_host* host, kmsprep_image* image, const char* path,
                        size_t path_length, const char** data, size_t* size, kmsprep_error* error) {
  try {
    clear(error);
    if (!host || !path || !data || !size) return invalid(error, "NULL argument");
    kmsprep_image* open = find_image(host, image);
    if (!open) return invalid(error, "not an open image handle");
    auto inner = ImagePath::parse(text_of(path, path_length));
    if (!inner) return fail(error, KMSPREP_FAILED, inner.error());
    auto bytes = open->image->read(*inner);
    if (!bytes) return fail(error, KMSPREP_FAILED, Error(bytes.error()).within(open->source));
    open->last_read = std::move(*bytes);
    *data = open->last_read.data();
    *size = open->last_read.size();
    return KMSPREP_OK;
  } catch (...) {
    return internal(error);
  }
}

int32_t write_image_file(kmsprep_host* host, kmsprep_image* image, const char* path,
                         size_t path_length, const char* data, size_t size, kmsprep_error* error) {
  try {
    clear(error);
    if (!host || !path || (!data && size > 0)) return invalid(error, "NULL argument");
    kmsprep_image* open = find_image(host, image);
    if (!open) return invalid(error, "not an open image handle");
    auto inner = ImagePath::parse(text_of(path, path_length));
    if (!inner) return fail(error, KMSPREP_FAILED, inner.error());
    auto written = open->image->write(*inner, text_of(data, size));
    if (!written) return fail(error, KMSPREP_FAILED, Error(written.error()).within(open->source));
    return KMSPREP_OK;
  } catch (...) {
    return internal(error);
  }
}

int32_t commit_image(kmsprep_host* host, kmsprep_image* image, kmsprep_error* error) {
  try {
    clear(error);
    if (!host) return invalid(error, "NULL argument");
    kmsprep_image* open = find_image(host, image);
    if (!open) return invalid(error, "not an open image handle");
    const Capabilities capabilities = open->image->capabilities();
    if (!capabilities.write) {
      return fail(
          error, KMSPREP_FAILED,
          Error(ErrorCode::image_write_unsupported, capabilities.write_refusal, open->source));
    }
    open->commit_requested = true;
    return KMSPREP_OK;
  } catch (...) {
    return internal(error);
  }
}

void close_image(kmsprep_host* host, kmsprep_image* image) {
  if (!host) return;
  kmsprep_image* open = find_image(host, image);
  if (!open) return;
  open->closed = true;
  // An image whose commit was asked for stays open until the step's result is known.
  if (!open->commit_requested) open->image.reset();
}

int32_t is_cancelled(kmsprep_host* host) {
  try {
    return host && host->cancelled && *host->cancelled && (*host->cancelled)() ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

constexpr kmsprep_host_api kHostApi = {
    sizeof(kmsprep_host_api), get_variable,     set_variable, log_line,    open_image_file,
    read_image_file,          write_image_file, commit_image, close_image, is_cancelled,
};

bool is_success(const StepRun& run, int32_t result) {
  for (int32_t code : run.success_codes) {
    if (code == result) return true;
  }
  return false;
}

std::string result_text(const StepOutcome& outcome) {
  if (outcome.reboot_requested) return "success, reboot required";
  if (outcome.succeeded) return "success";
  return "failure";
}

int32_t check_required_variables(const kmsprep_step& step, const kmsprep_host& host) {
  int32_t result = KMSPREP_STEP_SUCCESS;
  for (size_t i = 0; i < step.variable_count; ++i) {
    const kmsprep_variable_spec& spec = step.variables[i];
    if (!spec.required || spec.direction == KMSPREP_OUT) continue;
    const auto value = host.variables->get(spec.name, host.defaults);
    if (!value || value->empty()) {
      host.logger->error(host.component,
                         Error(ErrorCode::variable_missing,
                               std::string("step ") + step.name + " needs " + spec.name + " (" +
                                   (spec.description ? spec.description : "") + ")",
                               {},
                               std::string("set it with --var ") + spec.name + "=VALUE, KMSPREP_" +
                                   spec.name + " in the environment or the step's <defaultVarList>")
                             .to_string());
      result = static_cast<int32_t>(ErrorCode::variable_missing);
    }
  }
  return result;
}

int32_t call_run(const kmsprep_step& step, kmsprep_host& host) {
  const kmsprep_context context = {sizeof(kmsprep_context), &host, &kHostApi};
  // A C++ exception crossing a C function is undefined by the standard; GCC and Clang unwind
  // through it all the same, so catch(...) contains what a C++ plugin throws.
  try {
    return step.run(&context);
  } catch (const std::exception& thrown) {
    host.logger->error(host.component, Error(ErrorCode::plugin_threw,
                                             std::string("the step threw: ") + thrown.what())
                                           .to_string());
  } catch (...) {
    host.logger->error(
        host.component,
        Error(ErrorCode::plugin_threw, "the step threw a non-standard exception").to_string());
  }
  return static_cast<int32_t>(ErrorCode::plugin_threw);
}

// Writes the images the step asked to commit, in the order it opened them.
int32_t commit_images(kmsprep_host& host, int32_t result) {
  for (auto& image : host.images) {
    if (!image->commit_requested || !image->image) continue;
    auto committed = image->image->commit();
    if (!committed) {
      host.logger->error(host.component,
                         Error(committed.error()).within(image->source).to_string());
      return static_cast<int32_t>(committed.error().code());
    }
    host.logger->info(host.component,
                      committed->wrote ? "committed " + std::to_string(committed->changed.size()) +
                                             " change(s) to " + image->source
                                       : image->source + " unchanged");
  }
  return result;
}

}  // namespace

Logger& host_logger(kmsprep_host* host) { return *host->logger; }
const std::string& host_component(kmsprep_host* host) { return host->component; }

StepOutcome run_step(const StepRun& run, Variables& variables, Logger& logger,
                     const CancellationCheck& cancelled) {
  const auto started = std::chrono::steady_clock::now();
  const kmsprep_step& step = *run.step->descriptor;
  kmsprep_host host;
  host.variables = &variables;
  host.defaults = run.defaults;
  host.logger = &logger;
  host.component = run.component.empty() ? step.name : run.component;
  host.cancelled = &cancelled;
  logger.info(host.component,
              std::string("starting step ") + step.name + " (" + run.step->origin + ")");

  StepOutcome outcome;
  if (cancelled && cancelled()) {
    logger.error(host.component, Error(ErrorCode::step_cancelled, "not started").to_string());
    outcome.result = static_cast<int32_t>(ErrorCode::step_cancelled);
  } else {
    outcome.result = check_required_variables(step, host);
    if (outcome.result == KMSPREP_STEP_SUCCESS) outcome.result = call_run(step, host);
  }
  outcome.succeeded = is_success(run, outcome.result);
  if (outcome.succeeded) {
    outcome.result = commit_images(host, outcome.result);
    outcome.succeeded = is_success(run, outcome.result);
  } else {
    for (const auto& image : host.images) {
      if (image->commit_requested) {
        logger.info(host.component, "step failed: staged changes to " + image->source +
                                        " discarded, the image is unchanged");
      }
    }
  }
  host.images.clear();
  outcome.reboot_requested = outcome.succeeded && outcome.result == KMSPREP_STEP_REBOOT_REQUIRED;
  variables.set_output("_KMSPREPLastResult", std::to_string(outcome.result));
  if (outcome.reboot_requested) variables.set_output("SMSTSRebootRequested", "true");
  outcome.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", outcome.seconds);
  logger.log(outcome.succeeded ? LogLevel::info : LogLevel::error, host.component,
             std::string("step ") + step.name + " finished: result " +
                 std::to_string(outcome.result) + " (" + result_text(outcome) + ") in " + seconds +
                 " s");
  return outcome;
}

}  // namespace kmsprep
