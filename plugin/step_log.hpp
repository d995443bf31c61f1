// Where a step or sequence run writes its CMTrace log when --log is not given: LogPath (a file,
// or a directory that gets kmsprep.log), else <_SMSTSLogPath>/kmsprep.log when that variable
// names a directory, as MDT and ConfigMgr steps do. Callers: cli/ (step, sequence).
#pragma once

#include <optional>
#include <string>

#include "core/log.hpp"
#include "core/result.hpp"
#include "plugin/variables.hpp"

namespace kmsprep {

std::optional<std::string> step_log_path(const Variables& variables);
// Opens step_log_path() unless the logger already writes a CMTrace file (--log). Warns when
// _SMSTSLogPath is set but is not a directory, since the log then goes nowhere.
Status open_step_log(Logger& logger, const Variables& variables);

}  // namespace kmsprep
