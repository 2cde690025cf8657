#include "base/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace rocky {

size_t ThreadsFor(size_t items, size_t configured, size_t items_per_thread) {
  size_t threads = configured ? configured : std::thread::hardware_concurrency();
  return std::clamp<size_t>(items / std::max<size_t>(items_per_thread, 1), 1,
                            std::max<size_t>(threads, 1));
}

void ParallelFor(size_t count, size_t threads, size_t chunk,
                 const std::function<void(size_t begin, size_t end)>& job) {
  if (count == 0) return;
  chunk = std::max<size_t>(chunk, 1);
  threads = std::clamp<size_t>(threads, 1, (count + chunk - 1) / chunk);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t begin = next.fetch_add(chunk); begin < count; begin = next.fetch_add(chunk))
      job(begin, std::min(count, begin + chunk));
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

}  // namespace rocky
