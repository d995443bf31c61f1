#include "unattend/run_synchronous.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "unattend/activation_catalog.hpp"

namespace kmsprep {
namespace {

std::optional<int> parse_order(const std::string& text) {
  if (text.size() > 6) return std::nullopt;
  return parse_integer<int>(text, 0, 999999);
}

}  // namespace

std::vector<RunSynchronousEntry> run_synchronous_commands(const AnswerFile& file,
                                                          const std::string& pass) {
  std::vector<RunSynchronousEntry> entries;
  const XmlElement* settings = file.find_settings(pass);
  if (!settings) return entries;
  for (const XmlElement* component : file.children(*settings, "component")) {
    const std::string* name = component->attribute("name");
    if (!name || !equals_ignoring_case(*name, kDeploymentComponent)) continue;
    for (const XmlElement* list : file.children(*component, "RunSynchronous")) {
      for (const XmlElement* command : file.children(*list, "RunSynchronousCommand")) {
        RunSynchronousEntry entry;
        entry.pass = pass;
        if (const std::string* arch = component->attribute("processorArchitecture")) {
          entry.architecture = trim_whitespace(*arch);
        }
        entry.element = command;
        entry.list = list;
        if (const XmlElement* order = file.child(*command, "Order")) {
          entry.order_text = trim_whitespace(order->text);
          entry.order = parse_order(entry.order_text);
        }
        if (const XmlElement* path = file.child(*command, "Path")) {
          entry.path = trim_whitespace(path->text);
        }
        if (const XmlElement* description = file.child(*command, "Description")) {
          entry.description = trim_whitespace(description->text);
        }
        entries.push_back(std::move(entry));
      }
    }
  }
  return entries;
}

Status set_run_synchronous_command(AnswerFile& file, const std::string& pass,
                                   const std::string& description, const std::string& command_line,
                                   const std::string& architecture, std::string* previous) {
  // Entries carry the component's architecture trimmed; the caller's may come untrimmed from
  // an attribute ("amd64 " after XML attribute normalization), so both are compared trimmed.
  const std::string wanted_architecture = trim_whitespace(architecture);
  for (const auto& entry : run_synchronous_commands(file, pass)) {
    if (entry.description != description) continue;
    if (!entry.architecture.empty() &&
        !equals_ignoring_case(entry.architecture, wanted_architecture)) {
      continue;
    }
    if (previous && entry.path != command_line) *previous = entry.path;
    const XmlElement* path = file.child(*entry.element, "Path");
    if (path) return file.set_element_text(path->offset, command_line);
    XmlFragment path_fragment{file.qualified("Path"), {}, command_line, {}};
    return file.append_child(entry.element->offset, path_fragment);
  }
  auto list_offset = file.ensure_element(
      SettingAddress{pass, kDeploymentComponent, "RunSynchronous"}, architecture);
  if (!list_offset) return std::move(list_offset).error();
  int next_order = 1;
  for (const auto& entry : run_synchronous_commands(file, pass)) {
    if (entry.list->offset == *list_offset && entry.order) {
      next_order = std::max(next_order, *entry.order + 1);
    }
  }
  // wcm:action needs the wcm prefix declared on an ancestor; declare it on the item otherwise.
  std::vector<XmlAttribute> attributes = {{"wcm:action", "add"}};
  const XmlElement* list = file.element_at(*list_offset);
  const XmlElement* component = nullptr;
  for (const auto& candidate : file.components()) {
    if (candidate.pass != pass || !equals_ignoring_case(candidate.name, kDeploymentComponent)) {
      continue;
    }
    for (const XmlElement* each : file.children(*candidate.element, "RunSynchronous")) {
      if (list && each->offset == list->offset) component = candidate.element;
    }
  }
  const XmlElement* settings = file.find_settings(pass);
  const bool declared = (component && component->attribute("xmlns:wcm")) ||
                        (settings && settings->attribute("xmlns:wcm")) ||
                        file.root().attribute("xmlns:wcm");
  if (!declared) attributes.push_back({"xmlns:wcm", kWcmNamespace});
  XmlFragment command{file.qualified("RunSynchronousCommand"),
                      attributes,
                      {},
                      {{file.qualified("Order"), {}, std::to_string(next_order), {}},
                       {file.qualified("Path"), {}, command_line, {}},
                       {file.qualified("Description"), {}, description, {}}}};
  return file.append_child(*list_offset, command);
}

}  // namespace kmsprep
