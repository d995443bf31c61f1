// What a usage error says beyond Boost's message: the offending argument, and the nearest
// command or option ("did you mean --kms-host?"; a Windows-style "/Index:2" becomes
// "--index 2"). Used by CommandLine::parse and main's command lookup.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/option_docs.hpp"

namespace kmsprep {

// The candidate closest to `word` by edit distance (case-insensitive), when it is close enough
// to be a typo: at most a third of the word's length, and at least 1 or 2 edits; or the one
// candidate `word` is a prefix of.
std::optional<std::string> nearest_word(const std::string& word,
                                        const std::vector<std::string>& candidates);

// "--kms-host" for "--kms-hots", "--index 2" for "/Index:2" or "-index=2"; nullopt when no
// option is near. `argument` is the word as given on the command line.
std::optional<std::string> suggest_option(const std::string& argument, const CommandDoc& doc);

// The first argument beyond the `positional_count` positional arguments a command takes,
// skipping options and the values of options that take one.
std::optional<std::string> extra_positional(const std::vector<std::string>& args,
                                            const CommandDoc& doc, int positional_count);

}  // namespace kmsprep
