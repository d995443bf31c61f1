// kmsprep capture: a reference computer's directory into a new image of a WIM.
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "core/file_system.hpp"
#include "image/wim_capture.hpp"
#include "sysprep/capture.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

// A progress line on stderr, redrawn in place, only when stderr is a terminal.
class TerminalProgress {
 public:
  TerminalProgress() : enabled_(is_terminal(2 /* standard error */)), start_(Clock::now()) {}
  ~TerminalProgress() {
    if (drawn_) std::fputs("\n", stderr);
  }

  bool update(uint64_t done, uint64_t total) {
    if (!enabled_) return true;
    const auto now = Clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(200) && done != total) return true;
    last_ = now;
    drawn_ = true;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double mib = 1024.0 * 1024.0;
    std::fprintf(stderr, "\rCapturing: %.1f MiB of %.1f MiB (%.1f MiB/s)   ", done / mib,
                 total / mib, seconds > 0 ? done / mib / seconds : 0.0);
    std::fflush(stderr);
    return true;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_;
};

void print_capture_result(std::ostream& out, bool json, const CaptureRequest& request,
                          const CaptureResult& result) {
  if (json) {
    out << nlohmann::json({{"wim", request.wim_path},
                           {"index", result.index},
                           {"name", request.name},
                           {"properties", result.properties},
                           {"product_id", result.product_id ? nlohmann::json(*result.product_id)
                                                            : nlohmann::json(nullptr)},
                           {"generalization", result.generalization},
                           {"excluded", result.excluded},
                           {"warnings", result.warnings}})
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
    return;
  }
  out << "Captured " << request.directory << " as image " << result.index << " (\"" << request.name
      << "\") of " << request.wim_path << "\n";
  for (const auto& [name, value] : result.properties) out << "  " << name << " = " << value << "\n";
  out << "  licensing state: " << result.generalization << "\n";
}

}  // namespace

int run_capture_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("capture",
                      "DIR WIM --name NAME [--description D] [--edition EDITIONID] "
                      "[--compress none|xpress|lzx] [--check-generalized] [--json]",
                      io);
  command.add_options()("name", po::value<std::string>(),
                        "the new image's name (unique in the WIM)")(
      "description", po::value<std::string>()->default_value(""), "the new image's description")(
      "edition", po::value<std::string>(),
      "WINDOWS/EDITIONID and FLAGS (default: from the "
      "installed key)")("compress", po::value<std::string>()->default_value("lzx"),
                        "compression of a new WIM: none, xpress or lzx")(
      "check-generalized",
      "refuse a tree that Setup's records (State.ini, the registry) or, without them, the "
      "emulated licensing state say is not generalized");
  command.add_positional("arguments", -1);
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;
  const auto positional = command.has("arguments")
                              ? command.get<std::vector<std::string>>("arguments")
                              : std::vector<std::string>{};
  if (positional.size() != 2) return command.fail(Error::usage("give DIR and WIM"));
  if (!command.has("name")) return command.fail(Error::usage("--name NAME is missing"));
  auto compression = parse_wim_compression(command.get<std::string>("compress"));
  if (!compression) return command.fail(compression.error());

  // Before the source is opened as an image, which would call a file an unknown image format.
  if (auto source = check_capture_source(positional[0]); !source) {
    return command.fail(source.error());
  }

  TerminalProgress progress;
  CaptureRequest request;
  request.directory = positional[0];
  request.wim_path = positional[1];
  request.name = command.get<std::string>("name");
  request.description = command.get<std::string>("description");
  if (command.has("edition")) request.edition = command.get<std::string>("edition");
  request.compression = *compression;
  request.check_generalized = command.has("check-generalized");
  request.progress = [&progress](uint64_t done, uint64_t total) {
    return progress.update(done, total);
  };
  request.logger = &command.logger();
  auto result = capture_image(request);
  if (!result) return command.fail(result.error());
  for (const auto& warning : result->warnings) command.logger().warning("capture", warning);
  command.logger().info("capture", "captured " + request.directory + " as image " +
                                       std::to_string(result->index) + " of " + request.wim_path);
  print_capture_result(io.out, command.json(), request, *result);
  return exit_success;
}

}  // namespace kmsprep
