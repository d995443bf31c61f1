#include "engine/cohort_calendar.hpp"

#include <algorithm>

namespace kmsprep {

CohortCalendar::CohortCalendar(int32_t minutes)
    : minutes_(std::max(minutes, 0)),
      head_(static_cast<size_t>(minutes_), kNoCohort),
      tail_(static_cast<size_t>(minutes_), kNoCohort) {}

int32_t CohortCalendar::add(const Cohort& cohort) {
  int32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
    cohorts_[static_cast<size_t>(id)] = cohort;
  } else {
    id = static_cast<int32_t>(cohorts_.size());
    cohorts_.push_back(cohort);
  }
  Cohort& added = cohorts_[static_cast<size_t>(id)];
  added.scheduled = -1;
  added.next = kNoCohort;
  added.prev = kNoCohort;
  return id;
}

bool CohortCalendar::same_state(const Cohort& a, const Cohort& b) {
  return a.group == b.group && a.validity == b.validity &&
         a.activation_interval == b.activation_interval &&
         a.renewal_interval == b.renewal_interval && a.last_failure == b.last_failure &&
         a.attempted == b.attempted && a.through_ad == b.through_ad;
}

void CohortCalendar::schedule(int32_t id, int64_t minute) {
  unlink(id);
  if (minute >= minutes_) return;
  const auto bucket = static_cast<size_t>(minute);
  Cohort& cohort = cohorts_[static_cast<size_t>(id)];
  const int32_t last = tail_[bucket];
  if (last != kNoCohort) {
    Cohort& before = cohorts_[static_cast<size_t>(last)];
    if (before.first + before.size == cohort.first && same_state(before, cohort)) {
      before.size += cohort.size;
      release(id);
      return;
    }
  }
  cohort.scheduled = static_cast<int32_t>(minute);
  cohort.prev = last;
  cohort.next = kNoCohort;
  if (last == kNoCohort) {
    head_[bucket] = id;
  } else {
    cohorts_[static_cast<size_t>(last)].next = id;
  }
  tail_[bucket] = id;
}

void CohortCalendar::unlink(int32_t id) {
  Cohort& cohort = cohorts_[static_cast<size_t>(id)];
  if (cohort.scheduled < 0) return;
  const auto bucket = static_cast<size_t>(cohort.scheduled);
  if (cohort.prev == kNoCohort) {
    head_[bucket] = cohort.next;
  } else {
    cohorts_[static_cast<size_t>(cohort.prev)].next = cohort.next;
  }
  if (cohort.next == kNoCohort) {
    tail_[bucket] = cohort.prev;
  } else {
    cohorts_[static_cast<size_t>(cohort.next)].prev = cohort.prev;
  }
  cohort.prev = kNoCohort;
  cohort.next = kNoCohort;
  cohort.scheduled = -1;
}

int32_t CohortCalendar::pop(int32_t minute) {
  const int32_t id = head_[static_cast<size_t>(minute)];
  if (id != kNoCohort) unlink(id);
  return id;
}

void CohortCalendar::release(int32_t id) {
  unlink(id);
  cohorts_[static_cast<size_t>(id)].size = 0;
  free_.push_back(id);
}

}  // namespace kmsprep
