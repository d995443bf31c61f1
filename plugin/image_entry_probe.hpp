// The image side of file and folder conditions (SMS_TaskSequence_FileConditionExpression,
// ..._FolderConditionExpression): a Windows path such as %SystemRoot%\System32\x.dll or
// C:\Program Files\App is looked up in the image the sequence works on, ImagePath (ImageIndex),
// read-only. Callers: the sequence runner.
#pragma once

#include <string>

#include "core/image_path.hpp"
#include "core/log.hpp"
#include "core/result.hpp"
#include "plugin/task_sequence.hpp"
#include "plugin/variables.hpp"

namespace kmsprep {

// The path inside the image that `windows_path` names on the installed system: the drive
// letter (any but X:, Windows PE's own drive) is the image's root; %SystemRoot%, %windir%,
// %SystemDrive%, %ProgramFiles%, %ProgramFiles(x86)%, %ProgramData% and %ALLUSERSPROFILE% are
// the standard folders, any other %NAME% a task-sequence variable. Bad input when the path
// cannot be placed in the image (relative, UNC, X:, an unset %NAME%, `..`).
Result<ImagePath> image_path_of_windows_path(const std::string& windows_path,
                                             const Variables& variables);

// Reads ImagePath and ImageIndex when asked, so a condition after capture looks in the WIM
// capture made. Unknown (with the reason) when ImagePath is unset, the image cannot be opened
// or the path cannot be placed in it.
ImageEntryProbe image_entry_probe(const Variables& variables, Logger* logger);

}  // namespace kmsprep
