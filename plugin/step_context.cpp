#include "plugin/step_context.hpp"

#include <exception>

#include "plugin/step_host.hpp"
#include "plugin/variables.hpp"

namespace kmsprep {

std::optional<std::string> StepContext::get(const std::string& name) const {
  const char* value = nullptr;
  size_t length = 0;
  if (context_->api->get_variable(context_->host, name.data(), name.size(), &value, &length,
                                  nullptr) != KMSPREP_OK ||
      length == 0) {
    return std::nullopt;
  }
  return std::string(value, length);
}

Result<std::string> StepContext::require(const std::string& name) const {
  if (auto value = get(name)) return *value;
  return Error(ErrorCode::variable_missing, "variable " + name + " is not set", component(),
               "set it with --var " + name + "=VALUE or in the step's <defaultVarList>");
}

Result<bool> StepContext::flag(const std::string& name, bool fallback) const {
  const auto value = get(name);
  if (!value) return fallback;
  return parse_boolean_variable(name, *value);
}

Status StepContext::set(const std::string& name, const std::string& value) {
  kmsprep_error error{};
  error.struct_size = sizeof error;
  if (context_->api->set_variable(context_->host, name.data(), name.size(), value.data(),
                                  value.size(), &error) != KMSPREP_OK) {
    return Error(ErrorCode::usage_invalid_argument, error.message, component());
  }
  return ok_status();
}

void StepContext::info(const std::string& text) const {
  context_->api->log(context_->host, KMSPREP_LOG_INFO, text.data(), text.size());
}
void StepContext::warning(const std::string& text) const {
  context_->api->log(context_->host, KMSPREP_LOG_WARNING, text.data(), text.size());
}
void StepContext::error(const std::string& text) const {
  context_->api->log(context_->host, KMSPREP_LOG_ERROR, text.data(), text.size());
}
bool StepContext::cancelled() const { return context_->api->is_cancelled(context_->host) != 0; }

Logger& StepContext::logger() const { return host_logger(context_->host); }
const std::string& StepContext::component() const { return host_component(context_->host); }

int32_t run_builtin_step(const kmsprep_context* context,
                         const std::function<Result<int32_t>(StepContext&)>& body) {
  StepContext step(context);
  try {
    auto result = body(step);
    if (result) return *result;
    step.error(result.error().to_string());
    return static_cast<int32_t>(result.error().code());
  } catch (const std::exception& thrown) {
    step.error(std::string("internal error: ") + thrown.what());
  } catch (...) {
    step.error("internal error: unknown exception");
  }
  return static_cast<int32_t>(ErrorCode::plugin_threw);
}

}  // namespace kmsprep
