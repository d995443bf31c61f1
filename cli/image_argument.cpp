#include "cli/image_argument.hpp"

#include <vector>

namespace kmsprep {

void add_image_arguments(CommandLine& command, bool takes_all, const std::string& positional) {
  command.add_index_option(takes_all);
  command.add_positional(positional);
  command.add_json_option();
}

Result<ImageArgument> image_argument(const CommandLine& command, const std::string& positional,
                                     const std::string& missing) {
  if (!command.has(positional)) return Error::usage(missing);
  const std::string path = command.get<std::vector<std::string>>(positional).front();
  auto index = command.index();
  if (!index) return std::move(index).error();
  return ImageArgument{path, *index};
}

}  // namespace kmsprep
