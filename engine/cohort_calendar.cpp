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
      tail_(static_cast<size_t>(minutes_), kNoCohort) {
  assert(clients < kPageCohort);
}

uint8_t CohortCalendar::pack_flags(const Cohort& cohort) {
  return static_cast<uint8_t>((cohort.attempted ? kAttempted : 0) |
                              (cohort.through_ad ? kThroughAd : 0) | (cohort.last_failure << 4));
}

uint32_t CohortCalendar::group_of(uint32_t client) const {
  // The last group beginning at or before the client: an empty group shares its begin with
  // the next, which is the one holding the client.
  const auto after = std::upper_bound(group_begins_.begin(), group_begins_.end(), client);
  return static_cast<uint32_t>(after - group_begins_.begin()) - 1;
}

CohortCalendar::Record& CohortCalendar::record(CohortId id) {
  return chunks_[id / kChunkRecords][id % kChunkRecords];
}

const CohortCalendar::Record& CohortCalendar::record(CohortId id) const {
  return chunks_[id / kChunkRecords][id % kChunkRecords];
}

CohortId& CohortCalendar::next_of(CohortId id) {
  if (!in_page(id)) return record(id).next;
  const uint32_t client = id & ~kPageCohort;
  return pages_[client / kPageClients]->next[client % kPageClients];
}

uint8_t& CohortCalendar::flags_of(CohortId id) {
  if (!in_page(id)) return record(id).flags;
  const uint32_t client = id & ~kPageCohort;
  return pages_[client / kPageClients]->flags[client % kPageClients];
}

uint8_t CohortCalendar::flags_of(CohortId id) const {
  if (!in_page(id)) return record(id).flags;
  const uint32_t client = id & ~kPageCohort;
  return pages_[client / kPageClients]->flags[client % kPageClients];
}

CohortId CohortCalendar::add(const Cohort& cohort) {
  assert(cohort.size > 0);
  return fits_a_page(cohort.first, cohort.size) ? add_to_page(cohort) : add_record(cohort);
}

CohortId CohortCalendar::add_to_page(const Cohort& cohort) {
  std::unique_ptr<Page>& page = pages_[cohort.first / kPageClients];
  if (!page) page = std::make_unique<Page>();
  const uint32_t slot = cohort.first % kPageClients;
  assert((page->flags[slot] & kLive) == 0);
  page->next[slot] = kNoCohort;
  page->validity[slot] = cohort.validity;
  page->interval_pair[slot] = cohort.interval_pair;
  page->flags[slot] = static_cast<uint8_t>(pack_flags(cohort) | kLive);
  page->size[slot] = static_cast<uint8_t>(cohort.size);
  ++page->live;
  return kPageCohort | cohort.first;
}

CohortId CohortCalendar::add_record(const Cohort& cohort) {
  CohortId id = free_records_;
  if (id != kNoCohort) {
    free_records_ = record(id).next;
  } else {
    if (records_used_ % kChunkRecords == 0) {
      chunks_.push_back(std::make_unique<Record[]>(kChunkRecords));
    }
    id = records_used_++;
  }
  Record& added = record(id);
  added.first = cohort.first;
  added.size = cohort.size;
  added.validity = cohort.validity;
  added.next = kNoCohort;
  added.interval_pair = cohort.interval_pair;
  added.flags = static_cast<uint8_t>(pack_flags(cohort) | kLive);
  return id;
}

Cohort CohortCalendar::get(CohortId id) const {
  Cohort cohort;
  uint8_t flags = 0;
  if (in_page(id)) {
    cohort.first = id & ~kPageCohort;
    const Page& page = *pages_[cohort.first / kPageClients];
    const uint32_t slot = cohort.first % kPageClients;
    cohort.size = page.size[slot];
    cohort.validity = page.validity[slot];
    cohort.interval_pair = page.interval_pair[slot];
    flags = page.flags[slot];
  } else {
    const Record& held = record(id);
    cohort.first = held.first;
    cohort.size = held.size;
    cohort.validity = held.validity;
    cohort.interval_pair = held.interval_pair;
    flags = held.flags;
  }
  cohort.group = group_of(cohort.first);
  cohort.attempted = (flags & kAttempted) != 0;
  cohort.through_ad = (flags & kThroughAd) != 0;
  cohort.last_failure = static_cast<uint8_t>(flags >> 4);
  return cohort;
}

void CohortCalendar::update(CohortId id, const Cohort& cohort) {
  uint8_t& flags = flags_of(id);
  flags = static_cast<uint8_t>(pack_flags(cohort) | (flags & (kLive | kLinked)));
  if (in_page(id)) {
    assert(cohort.first == (id & ~kPageCohort));
    Page& page = *pages_[cohort.first / kPageClients];
    page.validity[cohort.first % kPageClients] = cohort.validity;
    page.interval_pair[cohort.first % kPageClients] = cohort.interval_pair;
  } else {
    Record& held = record(id);
    assert(held.first == cohort.first && held.size == cohort.size);
    held.validity = cohort.validity;
    held.interval_pair = cohort.interval_pair;
  }
}

std::pair<CohortId, CohortId> CohortCalendar::split(CohortId id, uint32_t members) {
  assert((flags_of(id) & kLinked) == 0);
  Cohort front = get(id);
  assert(members > 0 && members < front.size);
  Cohort rest = front;
  rest.first += members;
  rest.size -= members;
  front.size = members;
  if (in_page(id)) {  // the front keeps the slot; the rest gets its own
    pages_[front.first / kPageClients]->size[front.first % kPageClients] =
        static_cast<uint8_t>(members);
    return {id, add_to_page(rest)};
  }
  release(id);  // a released record is the next one added: no store grows
  const CohortId front_id = add(front);
  return {front_id, add(rest)};
}

// Whether `cohort` (state flags `flags`) can join `last`, the bucket's last cohort: the members
// just after it, in the same group and state, and room for them where `last` is held.
bool CohortCalendar::joins(CohortId last, const Cohort& cohort, uint8_t flags) const {
  const Cohort before = get(last);
  constexpr auto kState = static_cast<uint8_t>(~(kLive | kLinked));
  return before.first + before.size == cohort.first && before.validity == cohort.validity &&
         before.interval_pair == cohort.interval_pair &&
         (flags_of(last) & kState) == (flags & kState) && before.group == cohort.group &&
         (!in_page(last) || fits_a_page(before.first, before.size + cohort.size));
}

void CohortCalendar::schedule(CohortId id, int64_t minute) {
  assert((flags_of(id) & kLinked) == 0);
  if (minute >= minutes_) return;
  const auto bucket = static_cast<size_t>(minute);
  const CohortId last = tail_[bucket];
  if (last != kNoCohort) {
    const Cohort cohort = get(id);
    if (joins(last, cohort, flags_of(id))) {
      release(id);
      if (in_page(last)) {
        const uint32_t first = last & ~kPageCohort;
        uint8_t& size = pages_[first / kPageClients]->size[first % kPageClients];
        size = static_cast<uint8_t>(size + cohort.size);
      } else {
        record(last).size += cohort.size;
      }
      return;
    }
  }
  flags_of(id) |= kLinked;
  next_of(id) = kNoCohort;
  if (last == kNoCohort) {
    head_[bucket] = id;
  } else {
    next_of(last) = id;
  }
  tail_[bucket] = id;
}

CohortId CohortCalendar::pop(int32_t minute) {
  const auto bucket = static_cast<size_t>(minute);
  const CohortId id = head_[bucket];
  if (id == kNoCohort) return kNoCohort;
  head_[bucket] = next_of(id);
  if (head_[bucket] == kNoCohort) tail_[bucket] = kNoCohort;
  flags_of(id) &= static_cast<uint8_t>(~kLinked);
  return id;
}

void CohortCalendar::release(CohortId id) {
  assert((flags_of(id) & kLinked) == 0);
  if (!in_page(id)) {
    Record& held = record(id);
    held.size = 0;
    held.flags = 0;
    held.next = free_records_;
    free_records_ = id;
    return;
  }
  const uint32_t client = id & ~kPageCohort;
  std::unique_ptr<Page>& page = pages_[client / kPageClients];
  page->flags[client % kPageClients] = 0;
  page->size[client % kPageClients] = 0;
  if (--page->live == 0) page.reset();
}

// Long on purpose: collecting the cohorts and then filtering every bucket they may wait in
// are one operation; split, each half would need the other's state.
std::vector<CohortId> CohortCalendar::take_if(const std::function<bool(const Cohort&)>& wanted) {
  std::vector<std::pair<uint32_t, CohortId>> taken;  // (first client, handle)
  for (uint32_t id = 0; id < records_used_; ++id) {
    if (record(id).size == 0) continue;
    const Cohort cohort = get(id);
    if (wanted(cohort)) taken.emplace_back(cohort.first, id);
  }
  for (size_t p = 0; p < pages_.size(); ++p) {
    if (!pages_[p]) continue;
    for (uint32_t slot = 0; slot < kPageClients; ++slot) {
      if ((pages_[p]->flags[slot] & kLive) == 0) continue;
      const CohortId id = kPageCohort | static_cast<uint32_t>(p * kPageClients + slot);
      if (wanted(get(id))) taken.emplace_back(id & ~kPageCohort, id);
    }
  }
  std::sort(taken.begin(), taken.end());
  std::vector<CohortId> ids;
  ids.reserve(taken.size());
  bool any_linked = false;
  for (const auto& [first, id] : taken) {
    ids.push_back(id);
    any_linked = any_linked || (flags_of(id) & kLinked) != 0;
  }
  if (!any_linked) return ids;
  std::vector<CohortId> sorted_ids = ids;
  std::sort(sorted_ids.begin(), sorted_ids.end());
  // The lists are singly linked: rebuild each bucket without the taken cohorts (activate-now
  // is rare; this is one pass over the calendar).
  for (size_t bucket = 0; bucket < head_.size(); ++bucket) {
    CohortId kept_tail = kNoCohort;
    CohortId id = head_[bucket];
    head_[bucket] = kNoCohort;
    while (id != kNoCohort) {
      const CohortId next = next_of(id);
      if (std::binary_search(sorted_ids.begin(), sorted_ids.end(), id)) {
        flags_of(id) &= static_cast<uint8_t>(~kLinked);
      } else {
        (kept_tail == kNoCohort ? head_[bucket] : next_of(kept_tail)) = id;
        kept_tail = id;
      }
      id = next;
    }
    if (kept_tail != kNoCohort) next_of(kept_tail) = kNoCohort;
    tail_[bucket] = kept_tail;
  }
  return ids;
}

void CohortCalendar::for_each(const std::function<void(const Cohort&)>& visit) const {
  for (uint32_t id = 0; id < records_used_; ++id) {
    if (record(id).size > 0) visit(get(id));
  }
  for (size_t p = 0; p < pages_.size(); ++p) {
    if (!pages_[p]) continue;
    for (uint32_t slot = 0; slot < kPageClients; ++slot) {
      if ((pages_[p]->flags[slot] & kLive) != 0) {
        visit(get(kPageCohort | static_cast<uint32_t>(p * kPageClients + slot)));
      }
    }
  }
}

size_t CohortCalendar::storage_bytes() const {
  size_t bytes =
      pages_.size() * sizeof(std::unique_ptr<Page>) +
      chunks_.size() * (sizeof(std::unique_ptr<Record[]>) + kChunkRecords * sizeof(Record)) +
      (head_.size() + tail_.size()) * sizeof(CohortId);
  for (const auto& page : pages_) {
    if (page) bytes += sizeof(Page);
  }
  return bytes;
}

}  // namespace kmsprep
