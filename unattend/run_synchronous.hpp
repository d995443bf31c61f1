// RunSynchronous list items of Microsoft-Windows-Deployment: reading them and adding or
// replacing one by its Description, with the next free Order. Callers: servicing/ (configure),
// unattend/ (checks, activation view).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "unattend/answer_file.hpp"

namespace kmsprep {

struct RunSynchronousEntry {
  std::string pass;
  std::string order_text;    // as written (trimmed)
  std::optional<int> order;  // nullopt when not a number
  std::string path;          // the command line
  std::string description;
  const XmlElement* element = nullptr;  // the RunSynchronousCommand; valid until the next edit
  const XmlElement* list = nullptr;     // its RunSynchronous
  std::string architecture;             // processorArchitecture of its component
};

// Every RunSynchronousCommand of the Deployment components of `pass`, in file order.
std::vector<RunSynchronousEntry> run_synchronous_commands(const AnswerFile& file,
                                                          const std::string& pass);

// Sets the Path of the command whose Description is `description` in the Deployment component
// of `architecture` (or one without processorArchitecture; a wow64 or foreign one is never
// written); when there is none, adds a RunSynchronousCommand (wcm:action="add") with the next
// free Order, creating the component and RunSynchronous as needed. Running it again with the
// same arguments changes nothing. `previous`, when given, receives the command line that was
// replaced (left empty when nothing was replaced).
Status set_run_synchronous_command(AnswerFile& file, const std::string& pass,
                                   const std::string& description, const std::string& command_line,
                                   const std::string& architecture,
                                   std::string* previous = nullptr);

}  // namespace kmsprep
