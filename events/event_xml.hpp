// One <Event> element of the Windows event schema (what wevtutil qe /f:xml writes per event,
// and what libevtx renders from an .evtx record) read into a KmsEvent. Callers: events/
// (wevtutil XML and EVTX readers).
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "events/kms_event.hpp"

namespace kmsprep {

// The largest single event kmsprep parses; a KMS event is under 2 KiB.
inline constexpr size_t kMaximumEventXmlBytes = 1 << 20;

// Fills `event` (fields, id, time, computer; `record` is left as the caller set it) and returns
// true for a 12288/12289/12290, false for any other event id. A DOCTYPE or entity declaration
// is E401, malformed XML E400, a KMS event without a time E1202, all naming event.record.
Result<bool> read_event_xml(std::string_view xml, KmsEvent& event);

}  // namespace kmsprep
