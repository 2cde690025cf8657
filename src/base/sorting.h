#pragma once
// Sorting for inputs that are mostly in order already, such as models listed folder by folder
// in file-name order: one pass finds the ascending runs, then neighbouring runs are merged.
// Costs n comparisons on sorted input and n·log(runs) in general (a natural merge sort).

#include <algorithm>
#include <vector>

namespace rocky {

/// Sorts [first, last) by `less`, stably.
template <typename It, typename Less>
void SortRuns(It first, It last, Less less) {
  std::vector<It> bounds = {first};
  for (It it = first; it != last;) {
    It next = it + 1;
    if (next != last && less(*next, *it)) bounds.push_back(next);
    it = next;
  }
  bounds.push_back(last);
  while (bounds.size() > 2) {
    std::vector<It> merged = {first};
    for (size_t i = 0; i + 2 < bounds.size(); i += 2) {
      std::inplace_merge(bounds[i], bounds[i + 1], bounds[i + 2], less);
      merged.push_back(bounds[i + 2]);
    }
    if (bounds.size() % 2 == 0) merged.push_back(last);  // an odd run out stays as it is
    bounds = std::move(merged);
  }
}

}  // namespace rocky
