#include "adapter_sdk/grants.h"

#include <algorithm>
#include <map>

#include "base/strings.h"

namespace rocky::sdk {

bool SameGrant(const Grant& a, const Grant& b) {
  return a.permission == b.permission && EqualsIgnoreCase(a.principal, b.principal) &&
         EqualsIgnoreCase(a.target, b.target);
}

Result<std::vector<Grant>> MissingGrants(
    const std::vector<Grant>& desired,
    const std::function<Result<std::vector<Grant>>(std::string_view target)>& current) {
  std::map<std::string, std::vector<Grant>> known;  // by lower-cased target, read once each
  std::vector<Grant> missing;
  for (const Grant& g : desired) {
    auto it = known.find(ToLower(g.target));
    if (it == known.end()) {
      auto now = current(g.target);
      if (!now) return std::unexpected(std::move(now.error()));
      it = known.emplace(ToLower(g.target), std::move(*now)).first;
    }
    if (std::any_of(it->second.begin(), it->second.end(),
                    [&](const Grant& e) { return SameGrant(e, g); }))
      continue;
    it->second.push_back(g);
    missing.push_back(g);
  }
  return missing;
}

}  // namespace rocky::sdk
