// --index all without half-done work: before writing any index, run the step as a dry run on
// every index, so a refusal in one leaves all of them untouched. Used by the subcommands that
// edit WIM images (install-key, configure, generalize).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"
#include "servicing/image_session.hpp"

namespace kmsprep {

// Opens every index of `path` for writing and calls `dry_run` on it; returns the first error.
// Does nothing for a single index (the real run finds the same error before writing).
Status dry_run_every_index(const std::string& path, const std::vector<int>& indexes, Logger* logger,
                           const std::function<Status(ImageSession&)>& dry_run);

}  // namespace kmsprep
