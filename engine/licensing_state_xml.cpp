// The XML form of LicensingState (docs/licensing-state.md). Written by hand so the bytes are a
// pure function of the state; read with pugixml, strictly: a file kmsprep did not write, or one
// a newer kmsprep wrote, is refused rather than guessed at.
#include <cstring>
#include <functional>
#include <map>
#include <pugixml.hpp>

#include "core/text.hpp"
#include "engine/licensing_state.hpp"
#include "engine/xml_lines.hpp"

namespace kmsprep {
namespace {

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
}

void append_element(std::string& out, const char* name, const std::optional<std::string>& value) {
  out += "  <";
  out += name;
  if (!value) {
    out += "/>\n";
    return;
  }
  out += ">";
  append_escaped(out, *value);
  out += "</";
  out += name;
  out += ">\n";
}

std::optional<std::string> optional_text(const std::optional<UnixSeconds>& when) {
  if (!when) return std::nullopt;
  return format_utc(*when);
}

std::optional<std::string> optional_text(const std::optional<int>& number) {
  if (!number) return std::nullopt;
  return std::to_string(*number);
}

std::optional<int> parse_count(const std::string& text, int max_value) {
  if (text.size() > 9) return std::nullopt;
  return parse_integer<int>(text, 0, max_value);
}

class StateReader {
 public:
  StateReader(std::string_view xml, std::string source) : xml_(xml), source_(std::move(source)) {}

  Error malformed(std::ptrdiff_t offset, const std::string& detail) const {
    return Error(ErrorCode::licensing_state_malformed, detail,
                 source_ + ":" + xml_position(xml_, offset),
                 "restore the file kmsprep wrote, or delete it and run install-key again");
  }

  Result<LicensingState> read() {
    pugi::xml_document document;
    const unsigned flags = (pugi::parse_default | pugi::parse_doctype) & ~pugi::parse_eol;
    const pugi::xml_parse_result parsed =
        document.load_buffer(xml_.data(), xml_.size(), flags, pugi::encoding_utf8);
    if (!parsed) {
      return malformed(parsed.offset, std::string("XML error: ") + parsed.description());
    }
    pugi::xml_node root;
    for (pugi::xml_node node : document.children()) {
      if (node.type() == pugi::node_doctype) {
        return malformed(node.offset_debug(), "a DOCTYPE is not allowed in a licensing state file");
      }
      if (node.type() == pugi::node_element) {
        if (root) return malformed(node.offset_debug(), "more than one root element");
        root = node;
      }
    }
    if (!root) return malformed(0, "no root element");
    if (std::strcmp(root.name(), "licensing-state") != 0) {
      return malformed(root.offset_debug(), std::string("the root element is <") + root.name() +
                                                ">, not <licensing-state>");
    }
    if (auto version = check_version(root); !version) return version.error();

    LicensingState state;
    std::map<std::string, pugi::xml_node> seen;
    for (pugi::xml_attribute attribute : root.attributes()) {
      const std::string name = attribute.name();
      if (name != "version" && name != "xmlns") {
        return malformed(root.offset_debug(),
                         "unknown attribute \"" + name + "\" on <licensing-state>");
      }
    }
    for (pugi::xml_node child : root.children()) {
      if (child.type() == pugi::node_comment) continue;
      if (child.type() != pugi::node_element) {
        return malformed(child.offset_debug(), "text outside an element");
      }
      if (seen.count(child.name())) {
        return malformed(child.offset_debug(), std::string("<") + child.name() + "> appears twice");
      }
      seen[child.name()] = child;
      if (auto stored = store(child, state); !stored) return stored.error();
    }
    for (const char* required : {"product-id", "status", "generalization"}) {
      if (!seen.count(required)) {
        return malformed(root.offset_debug(), std::string("<") + required + "> is missing");
      }
    }
    return state;
  }

 private:
  Status check_version(pugi::xml_node root) const {
    const pugi::xml_attribute version = root.attribute("version");
    if (!version) return malformed(root.offset_debug(), "the version attribute is missing");
    const auto number = parse_count(trim_whitespace(version.value()), 1000000);
    if (!number || *number < 1) {
      return malformed(root.offset_debug(),
                       std::string("version \"") + version.value() + "\" is not a positive number");
    }
    if (*number > kLicensingStateSchemaVersion) {
      return Error(ErrorCode::licensing_state_newer_version,
                   "schema version " + std::to_string(*number) + "; this kmsprep reads up to " +
                       std::to_string(kLicensingStateSchemaVersion),
                   source_ + ":" + xml_position(xml_, root.offset_debug()),
                   "use the kmsprep release that wrote the image, or a newer one");
    }
    return ok_status();
  }

  // Long on purpose: one branch per element of the state file, in the order docs/licensing-state.md
  // lists them.
  Status store(pugi::xml_node element, LicensingState& state) {
    const std::string name = element.name();
    for (pugi::xml_node inner : element.children()) {
      if (inner.type() == pugi::node_element) {
        return malformed(inner.offset_debug(), "<" + name + "> must hold text only");
      }
    }
    if (element.first_attribute()) {
      return malformed(element.offset_debug(), "<" + name + "> takes no attributes");
    }
    const std::string text = trim_whitespace(element.child_value());
    const std::ptrdiff_t where = element.offset_debug();
    const auto bad = [&](const std::string& expected) {
      return malformed(where, "<" + name + "> holds \"" + text + "\"; expected " + expected);
    };
    const auto optional_time = [&](std::optional<UnixSeconds>& field) -> Status {
      if (text.empty()) return ok_status();
      field = parse_utc(text);
      if (!field) return bad("an instant like 2007-03-01T08:00:00Z or nothing");
      return ok_status();
    };
    const auto optional_count = [&](std::optional<int>& field) -> Status {
      if (text.empty()) return ok_status();
      field = parse_count(text, 1001);
      if (!field) return bad("a count from 0 to 1001 or nothing");
      return ok_status();
    };
    const auto interval = [&](int& field) -> Status {
      const auto value = parse_count(text, kMaximumIntervalMinutes);
      if (!value || *value < kMinimumIntervalMinutes) {
        return bad("minutes from 15 to 43200");
      }
      field = *value;
      return ok_status();
    };
    if (name == "product-id") {
      if (text.empty()) return bad("a product id such as win10-enterprise");
      state.product_id = text;
    } else if (name == "status") {
      const auto status = parse_license_status(text);
      if (!status) return bad("a license status such as oob_grace");
      state.status = *status;
    } else if (name == "grace-deadline") {
      return optional_time(state.grace_deadline);
    } else if (name == "validity-deadline") {
      return optional_time(state.validity_deadline);
    } else if (name == "next-attempt") {
      return optional_time(state.next_attempt);
    } else if (name == "generalization") {
      const auto generalization = parse_generalization(text);
      if (!generalization) return bad("never, generalized or generalized-skip-rearm");
      state.generalization = *generalization;
    } else if (name == "rearms-left") {
      return optional_count(state.rearms_left);
    } else if (name == "sysprep-runs-left") {
      return optional_count(state.sysprep_runs_left);
    } else if (name == "cmid") {
      if (text.empty()) return ok_status();
      if (!is_cmid(text)) return bad("a braced GUID or nothing");
      state.cmid = text;
    } else if (name == "kms-host") {
      if (!text.empty()) state.kms_host = text;
    } else if (name == "activation-interval") {
      return interval(state.activation_interval_minutes);
    } else if (name == "renewal-interval") {
      return interval(state.renewal_interval_minutes);
    } else {
      return malformed(where, "unknown element <" + name + ">");
    }
    return ok_status();
  }

  std::string_view xml_;
  std::string source_;
};

}  // namespace

Result<LicensingState> parse_licensing_state(std::string_view xml, std::string source) {
  return StateReader(xml, std::move(source)).read();
}

std::string serialize_licensing_state(const LicensingState& state) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
      "<!-- kmsprep's emulated licensing state (docs/licensing-state.md). Windows ignores this "
      "file. -->\n"
      "<licensing-state xmlns=\"urn:kmsprep:licensing-state\" version=\"" +
      std::to_string(kLicensingStateSchemaVersion) + "\">\n";
  append_element(out, "product-id", state.product_id);
  append_element(out, "status", std::string(to_string(state.status)));
  append_element(out, "grace-deadline", optional_text(state.grace_deadline));
  append_element(out, "validity-deadline", optional_text(state.validity_deadline));
  append_element(out, "next-attempt", optional_text(state.next_attempt));
  append_element(out, "generalization", std::string(to_string(state.generalization)));
  append_element(out, "rearms-left", optional_text(state.rearms_left));
  append_element(out, "sysprep-runs-left", optional_text(state.sysprep_runs_left));
  append_element(out, "cmid", state.cmid);
  append_element(out, "kms-host", state.kms_host);
  append_element(out, "activation-interval", std::to_string(state.activation_interval_minutes));
  append_element(out, "renewal-interval", std::to_string(state.renewal_interval_minutes));
  out += "</licensing-state>\n";
  return out;
}

}  // namespace kmsprep
