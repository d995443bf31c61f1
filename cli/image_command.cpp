// kmsprep image info|cat|put: look at and edit any image kmsprep opens.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "core/file_io.hpp"
#include "core/strings.hpp"
#include "core/utf8_path.hpp"
#include "image/image.hpp"
#include "servicing/image_session.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

// Descriptor 1 on every platform (the C runtime's on Windows, where cli/main_windows.cpp puts
// it in binary mode).
constexpr int kStandardOutput = 1;

// `image info` of a WIM with several images and no --index: every image's properties, as
// `dism /Get-WimInfo` and `wimlib-imagex info` list them without an index.
int print_every_image(CommandLine& command, const std::string& path, Image& image) {
  auto images = every_image_properties(path, &command.logger());
  if (!images) return command.fail(images.error());
  CommandIo& io = command.io();
  if (command.json()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& each : *images) {
      list.push_back({{"index", each.index}, {"properties", each.values}});
    }
    nlohmann::json document = {{"image", path},    {"format", image.format_name()},
                               {"index", nullptr}, {"image_count", images->size()},
                               {"images", list},   {"warnings", nlohmann::json::array()}};
    io.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return exit_success;
  }
  io.out << "Image:       " << escape_for_display(path) << "\n"
         << "Format:      " << image.format_name() << "\n"
         << "Images:      " << images->size()
         << " (--index N shows one image with its top level)\n";
  for (const auto& each : *images) {
    io.out << "\nIndex:       " << each.index << "\n";
    for (const auto& [name, value] : each.values) {
      // A NAME holding a newline must not forge a line of its own.
      std::string label = escape_for_display(name) + ":";
      label.resize(std::max<size_t>(label.size() + 1, 13), ' ');
      io.out << label << escape_for_display(value) << "\n";
    }
  }
  return exit_success;
}

// `image info` of a WIM whose header counts no image (wimlib allows it; every image deleted):
// what there is to say, in the shape of the every-image listing, rather than the E309 that
// commands needing an image give.
int print_empty_wim(CommandLine& command, const std::string& path) {
  CommandIo& io = command.io();
  if (command.json()) {
    nlohmann::json document = {{"image", path},
                               {"format", "wim"},
                               {"index", nullptr},
                               {"image_count", 0},
                               {"images", nlohmann::json::array()},
                               {"warnings", nlohmann::json::array()}};
    io.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return exit_success;
  }
  io.out << "Image:       " << escape_for_display(path) << "\n"
         << "Format:      wim\n"
         << "Images:      0 (the WIM holds no image; kmsprep capture DIR "
         << escape_for_display(path) << " --name NAME adds one)\n";
  return exit_success;
}

nlohmann::json image_info_json(const std::string& path, Image& image,
                               const ImageProperties& properties,
                               const std::vector<EntryInfo>& root) {
  const Capabilities caps = image.capabilities();
  nlohmann::json document = {{"image", path},
                             {"format", image.format_name()},
                             {"index", properties.index},
                             {"image_count", properties.image_count},
                             {"capabilities",
                              {{"read", caps.read},
                               {"write", caps.write},
                               {"properties", caps.properties},
                               {"set_properties", caps.set_properties}}},
                             {"properties", properties.values},
                             {"root", nlohmann::json::array()},
                             {"warnings", nlohmann::json::array()}};
  for (const auto& entry : root) {
    document["root"].push_back(entry.path.filename() +
                               (entry.type == EntryType::directory ? "/" : ""));
  }
  return document;
}

void print_image_info(std::ostream& out, const std::string& path, Image& image,
                      const ImageProperties& properties, const std::vector<EntryInfo>& root) {
  const Capabilities caps = image.capabilities();
  out << "Image:       " << escape_for_display(path) << "\n"
      << "Format:      " << image.format_name() << "\n";
  if (caps.properties) {
    out << "Index:       " << properties.index << " of " << properties.image_count << "\n";
  }
  out << "Writable:    " << (caps.write ? "yes" : "no (" + caps.write_refusal + ")") << "\n";
  for (const auto& [name, value] : properties.values) {
    // A NAME holding a newline must not forge a line of its own.
    std::string label = escape_for_display(name) + ":";
    label.resize(std::max<size_t>(label.size() + 1, 13), ' ');
    out << label << escape_for_display(value) << "\n";
  }
  out << "Top level:  ";
  for (const auto& entry : root) {
    out << " " << escape_for_display(entry.path.filename())
        << (entry.type == EntryType::directory ? "/" : "");
  }
  out << "\n";
}

int run_image_info(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("image info", "IMAGE [--index N] [--json]", io);
  command.add_options()("index", po::value<std::string>(),
                        "WIM image index (1-based); without it, a WIM with several images "
                        "lists them all");
  command.add_positional("image");
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;
  if (!command.has("image")) return command.fail(Error::usage("IMAGE is missing"));
  const std::string path = command.get<std::vector<std::string>>("image").front();
  const bool index_named = command.has("index");
  auto index =
      index_named ? parse_index_option(command.get<std::string>("index"), false) : Result<int>(1);
  if (!index) return command.fail(index.error());

  auto image = open_image(path, OpenOptions{*index, false, false, &command.logger()});
  if (!image && image.error().code() == ErrorCode::wim_no_image && !index_named) {
    return print_empty_wim(command, path);
  }
  if (!image) return command.fail(image.error());
  auto properties = (*image)->properties();
  if (!properties) return command.fail(properties.error());
  if (!index_named && (*image)->capabilities().properties && properties->image_count > 1) {
    return print_every_image(command, path, **image);
  }
  auto root = (*image)->list(ImagePath());
  if (!root) return command.fail(root.error());
  if (command.json()) {
    io.out << image_info_json(path, **image, *properties, *root)
                  .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
  } else {
    print_image_info(io.out, path, **image, *properties, *root);
  }
  return exit_success;
}

// For a CommandIo whose output is not the process's standard output.
class OstreamSink final : public ByteSink {
 public:
  explicit OstreamSink(std::ostream& out) : out_(out) {}
  Status write(const char* data, size_t length) override {
    out_.write(data, static_cast<std::streamsize>(length));
    if (!out_) return Error(ErrorCode::io_failure, "cannot write the file's bytes", "output");
    return ok_status();
  }

 private:
  std::ostream& out_;
};

int run_image_cat(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("image cat", "IMAGE PATH [--index N]", io);
  command.add_index_option(false);
  command.add_positional("arguments", -1);
  if (auto early = command.parse(args)) return *early;
  const auto positional = command.has("arguments")
                              ? command.get<std::vector<std::string>>("arguments")
                              : std::vector<std::string>{};
  if (positional.size() != 2) return command.fail(Error::usage("give IMAGE and PATH"));
  auto index = command.index();
  if (!index) return command.fail(index.error());
  auto inner = ImagePath::parse(positional[1]);
  if (!inner) return command.fail(inner.error());
  auto image =
      open_named_image(positional[0], OpenOptions{*index, false, false, &command.logger()});
  if (!image) return command.fail(image.error());
  // Streamed, in constant memory whatever the file's size; the limit still refuses what no
  // Windows image holds (a crafted size).
  io.out.flush();
  Status read = ok_status();
  if (&io.out == &std::cout) {
    FdSink sink(kStandardOutput, "standard output");
    read = (*image)->read_to(*inner, sink, kImageReadLimit);
  } else {
    OstreamSink sink(io.out);
    read = (*image)->read_to(*inner, sink, kImageReadLimit);
  }
  if (!read) return command.fail(read.error());
  io.out.flush();
  return exit_success;
}

int run_image_put(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("image put", "IMAGE PATH --from FILE [--index N] [--rebuild] [--json]", io);
  command.add_options()("from", po::value<std::string>(), "the local file to copy into the image")(
      "rebuild", "WIM: rewrite the whole WIM through a temporary file instead of appending");
  command.add_index_option(false);
  command.add_positional("arguments", -1);
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;
  const auto positional = command.has("arguments")
                              ? command.get<std::vector<std::string>>("arguments")
                              : std::vector<std::string>{};
  if (positional.size() != 2) return command.fail(Error::usage("give IMAGE and PATH"));
  if (!command.has("from")) return command.fail(Error::usage("--from FILE is missing"));
  auto index = command.index();
  if (!index) return command.fail(index.error());
  auto inner = ImagePath::parse(positional[1]);
  if (!inner) return command.fail(inner.error());
  auto bytes = read_file(utf8_path(command.get<std::string>("from")));
  if (!bytes) return command.fail(bytes.error());
  auto image = open_named_image(
      positional[0], OpenOptions{*index, true, command.has("rebuild"), &command.logger()});
  if (!image) return command.fail(image.error());
  if (auto written = (*image)->write(*inner, std::move(*bytes)); !written) {
    return command.fail(written.error());
  }
  // The path as the image spells it when the file existed ("Windows/Panther/Unattend.xml").
  auto staged = (*image)->stat(*inner);
  if (!staged) return command.fail(staged.error());
  const std::string stored = *staged ? (*staged)->path.to_string() : inner->to_string();
  auto committed = (*image)->commit();
  if (!committed) return command.fail(committed.error());
  command.logger().info("image put", committed->wrote ? "wrote " + stored : stored + " unchanged");
  if (command.json()) {
    nlohmann::json document = {{"image", positional[0]},
                               {"path", stored},
                               {"changed", committed->wrote},
                               {"warnings", nlohmann::json::array()}};
    io.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    io.out << (committed->wrote ? "Wrote " : "Unchanged (same bytes): ")
           << escape_for_display(stored) << " in " << escape_for_display(positional[0]) << "\n";
  }
  return exit_success;
}

}  // namespace

int run_image_command(const std::vector<std::string>& args, CommandIo& io) {
  static const std::vector<Command> subcommands = {
      {"info", "format, index, properties and top-level entries", run_image_info},
      {"cat", "write one file of the image to stdout", run_image_cat},
      {"put", "put a local file into the image (staged, committed atomically)", run_image_put},
  };
  return dispatch_subcommand("image", subcommands, args, io);
}

}  // namespace kmsprep
