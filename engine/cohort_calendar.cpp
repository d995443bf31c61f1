#include "engine/cohort_calendar.hpp"

#include <algorithm>
#include <cassert>

namespace kmsprep {

CohortCalendar::CohortCalendar(int32_t minutes, std::vector<uint32_t> group_begins,
                               uint32_t clients)
    : minutes_(std::max(minutes, 0)),
      group_begins_(std::move(group_begins)),
      pages_((static_cast<size_t>(clients) + kPageClients - 1) / kPageClients),
      head_(static_cast<size_t>(minutes_), kNoCohort),
      tail_(static_cast<size_t>(minutes_), kNoCohort),
      before_tail_(static_cast<size_t>(minutes_), kNoCohort) {
  assert(clients < kPageCohort);
}

uint8_t CohortCalendar::pack_flags(const Cohort& cohort) {
  return static_cast<uint8_t>((cohort.attempted ? kAttempted : 0) |
                              (cohort.through_ad ? kThroughAd : 0) | (cohort.last_failure << 4));
}

uint32_t CohortCalendar::group_of(uint32_t client) const {
  if (group_begins_.size() <= 1) return 0;
  // The last group beginning at or before the client: an empty group shares its begin with
  // the next, which is the one holding the client.
  const auto after = std::upper_bound(group_begins_.begin(), group_begins_.end(), client);
  return static_cast<uint32_t>(after - group_begins_.begin()) - 1;
}

uint32_t CohortCalendar::group_in_page(uint32_t client) const {
  uint32_t group = pages_[client / kPageClients]->first_group;
  while (group + 1 < group_begins_.size() && group_begins_[group + 1] <= client) ++group;
  return group;
}

CohortId CohortCalendar::add(const Cohort& cohort) {
  assert(cohort.size > 0);
  return fits_a_page(cohort.first, cohort.size) ? add_to_page(cohort) : add_record(cohort);
}

CohortId CohortCalendar::add_to_page(const Cohort& cohort) {
  std::unique_ptr<Page>& page = pages_[cohort.first / kPageClients];
  if (!page) {
    page = std::make_unique<Page>();
    page->first_group = group_of(cohort.first / kPageClients * kPageClients);
  }
  Slot& held = page->slots[cohort.first % kPageClients];
  assert((held.flags & kLive) == 0);
  held.next = kNoCohort;
  held.validity = cohort.validity;
  held.interval_pair = cohort.interval_pair;
  held.flags = static_cast<uint8_t>(pack_flags(cohort) | kLive);
  held.size = static_cast<uint8_t>(cohort.size);
  ++page->live;
  return kPageCohort | cohort.first;
}

CohortId CohortCalendar::add_record(const Cohort& cohort) {
  CohortId id = free_records_;
  if (id != kNoCohort) {
    free_records_ = record(id).slot.next;
  } else {
    if (records_used_ % kChunkRecords == 0) {
      chunks_.push_back(std::make_unique<Record[]>(kChunkRecords));
    }
    id = records_used_++;
  }
  Record& added = record(id);
  added.first = cohort.first;
  added.size = cohort.size;
  added.group = group_of(cohort.first);
  added.slot.next = kNoCohort;
  added.slot.validity = cohort.validity;
  added.slot.interval_pair = cohort.interval_pair;
  added.slot.flags = static_cast<uint8_t>(pack_flags(cohort) | kLive);
  return id;
}

Cohort CohortCalendar::get(CohortId id) const {
  Cohort cohort;
  const Slot& held = slot(id);
  if (in_page(id)) {
    cohort.first = first_client(id);
    cohort.size = held.size;
    cohort.group = group_in_page(cohort.first);
  } else {
    cohort.first = record(id).first;
    cohort.size = record(id).size;
    cohort.group = record(id).group;
  }
  cohort.validity = held.validity;
  cohort.interval_pair = held.interval_pair;
  cohort.attempted = (held.flags & kAttempted) != 0;
  cohort.through_ad = (held.flags & kThroughAd) != 0;
  cohort.last_failure = static_cast<uint8_t>(held.flags >> 4);
  return cohort;
}

void CohortCalendar::update(CohortId id, const Cohort& cohort) {
  assert(get(id).first == cohort.first && get(id).size == cohort.size);
  Slot& held = slot(id);
  held.flags = static_cast<uint8_t>(pack_flags(cohort) | (held.flags & (kLive | kLinked)));
  held.validity = cohort.validity;
  held.interval_pair = cohort.interval_pair;
}

std::pair<CohortId, CohortId> CohortCalendar::split(CohortId id, uint32_t members) {
  assert((slot(id).flags & kLinked) == 0);
  Cohort front = get(id);
  assert(members > 0 && members < front.size);
  Cohort rest = front;
  rest.first += members;
  rest.size -= members;
  front.size = members;
  if (in_page(id)) {  // the front keeps the slot; the rest gets its own
    slot(id).size = static_cast<uint8_t>(members);
    return {id, add_to_page(rest)};
  }
  release(id);  // a released record is the next one added: no store grows
  const CohortId front_id = add(front);
  return {front_id, add(rest)};
}

// Whether cohort `id` can join `before`: the members just after it, in the same group and state.
// Read from the slots, not through get(): this runs for every cohort scheduled.
bool CohortCalendar::continues(CohortId before, CohortId id) const {
  constexpr auto kState = static_cast<uint8_t>(~(kLive | kLinked));
  const Slot& earlier = slot(before);
  const Slot& later = slot(id);
  if (earlier.validity != later.validity || earlier.interval_pair != later.interval_pair ||
      (earlier.flags & kState) != (later.flags & kState)) {
    return false;
  }
  const uint32_t first = in_page(id) ? first_client(id) : record(id).first;
  const uint32_t end = in_page(before) ? first_client(before) + earlier.size
                                       : record(before).first + record(before).size;
  return end == first && group_of_cohort(before) == group_of_cohort(id);
}

void CohortCalendar::schedule(CohortId id, int64_t minute) {
  assert((slot(id).flags & kLinked) == 0);
  if (minute >= minutes_) return;
  const auto bucket = static_cast<size_t>(minute);
  if (tail_[bucket] != kNoCohort && join_last(bucket, id)) return;
  Slot& held = slot(id);
  held.flags |= kLinked;
  held.next = kNoCohort;
  if (tail_[bucket] == kNoCohort) {
    head_[bucket] = id;
  } else {
    slot(tail_[bucket]).next = id;
  }
  before_tail_[bucket] = tail_[bucket];
  tail_[bucket] = id;
}

bool CohortCalendar::join_last(size_t bucket, CohortId id) {
  const CohortId last = tail_[bucket];
  if (!continues(last, id)) return false;
  const uint32_t size = in_page(id) ? slot(id).size : record(id).size;
  release(id);
  if (!in_page(last)) {
    record(last).size += size;
  } else if (fits_a_page(first_client(last), slot(last).size + size)) {
    slot(last).size = static_cast<uint8_t>(slot(last).size + size);
  } else {
    // Too large for its page: the two become a record in the last one's place, so a run that
    // fragmented and came together again is one cohort, as before it split.
    Cohort joined = get(last);
    joined.size += size;
    slot(last).flags &= static_cast<uint8_t>(~kLinked);
    release(last);
    const CohortId promoted = add_record(joined);
    slot(promoted).flags |= kLinked;
    const CohortId before = before_tail_[bucket];
    (before == kNoCohort ? head_[bucket] : slot(before).next) = promoted;
    tail_[bucket] = promoted;
  }
  return true;
}

CohortId CohortCalendar::pop(int32_t minute) {
  const auto bucket = static_cast<size_t>(minute);
  const CohortId id = head_[bucket];
  if (id == kNoCohort) return kNoCohort;
  Slot& held = slot(id);
  head_[bucket] = held.next;
  held.flags &= static_cast<uint8_t>(~kLinked);
  if (head_[bucket] == kNoCohort) tail_[bucket] = kNoCohort;
  if (before_tail_[bucket] == id || head_[bucket] == kNoCohort) before_tail_[bucket] = kNoCohort;
  return id;
}

void CohortCalendar::release(CohortId id) {
  assert((slot(id).flags & kLinked) == 0);
  if (!in_page(id)) {
    Record& held = record(id);
    held.size = 0;
    held.slot.flags = 0;
    held.slot.next = free_records_;
    free_records_ = id;
    return;
  }
  std::unique_ptr<Page>& page = pages_[first_client(id) / kPageClients];
  page->slots[first_client(id) % kPageClients] = Slot{};
  if (--page->live == 0) page.reset();
}

// Long on purpose: collecting the cohorts and then filtering every bucket they may wait in
// are one operation; split, each half would need the other's state.
std::vector<CohortId> CohortCalendar::take_if(const std::function<bool(const Cohort&)>& wanted) {
  std::vector<std::pair<uint32_t, CohortId>> taken;  // (first client, handle)
  for_each_id([&](CohortId id) {
    const Cohort cohort = get(id);
    if (wanted(cohort)) taken.emplace_back(cohort.first, id);
  });
  std::sort(taken.begin(), taken.end());
  std::vector<CohortId> ids;
  ids.reserve(taken.size());
  bool any_linked = false;
  for (const auto& [first, id] : taken) {
    ids.push_back(id);
    any_linked = any_linked || (slot(id).flags & kLinked) != 0;
  }
  if (!any_linked) return ids;
  std::vector<CohortId> sorted_ids = ids;
  std::sort(sorted_ids.begin(), sorted_ids.end());
  // The lists are singly linked: rebuild each bucket without the taken cohorts (activate-now
  // is rare; this is one pass over the calendar).
  for (size_t bucket = 0; bucket < head_.size(); ++bucket) {
    CohortId kept_tail = kNoCohort;
    CohortId before_kept_tail = kNoCohort;
    CohortId id = head_[bucket];
    head_[bucket] = kNoCohort;
    while (id != kNoCohort) {
      const CohortId next = slot(id).next;
      if (std::binary_search(sorted_ids.begin(), sorted_ids.end(), id)) {
        slot(id).flags &= static_cast<uint8_t>(~kLinked);
      } else {
        (kept_tail == kNoCohort ? head_[bucket] : slot(kept_tail).next) = id;
        before_kept_tail = kept_tail;
        kept_tail = id;
      }
      id = next;
    }
    if (kept_tail != kNoCohort) slot(kept_tail).next = kNoCohort;
    tail_[bucket] = kept_tail;
    before_tail_[bucket] = before_kept_tail;
  }
  return ids;
}

void CohortCalendar::for_each_id(const std::function<void(CohortId)>& visit) const {
  for (uint32_t id = 0; id < records_used_; ++id) {
    if (record(id).size > 0) visit(id);
  }
  for (size_t p = 0; p < pages_.size(); ++p) {
    if (!pages_[p]) continue;
    for (uint32_t index = 0; index < kPageClients; ++index) {
      if ((pages_[p]->slots[index].flags & kLive) != 0) {
        visit(kPageCohort | static_cast<uint32_t>(p * kPageClients + index));
      }
    }
  }
}

void CohortCalendar::for_each(const std::function<void(const Cohort&)>& visit) const {
  for_each_id([&](CohortId id) { visit(get(id)); });
}

size_t CohortCalendar::storage_bytes() const {
  size_t bytes =
      pages_.size() * sizeof(std::unique_ptr<Page>) +
      chunks_.size() * (sizeof(std::unique_ptr<Record[]>) + kChunkRecords * sizeof(Record)) +
      (head_.size() + tail_.size() + before_tail_.size()) * sizeof(CohortId);
  for (const auto& page : pages_) {
    if (page) bytes += sizeof(Page);
  }
  return bytes;
}

}  // namespace kmsprep
