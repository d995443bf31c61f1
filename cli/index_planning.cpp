#include "cli/index_planning.hpp"

namespace kmsprep {

Status dry_run_every_index(const std::string& path, const std::vector<int>& indexes, Logger* logger,
                           const std::function<Status(ImageSession&)>& dry_run) {
  if (indexes.size() < 2) return ok_status();
  for (int index : indexes) {
    auto session = ImageSession::open(path, index, true, logger);
    if (!session) return std::move(session).error();
    if (auto planned = dry_run(*session); !planned) return planned;
  }
  return ok_status();
}

}  // namespace kmsprep
