#pragma once
// Grant reconciliation shared by the governance adapters (adapters.md §2): add = desired −
// current, principals and targets compared case-insensitively.

#include <functional>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

/// Same permission, principal and target (the last two case-insensitive).
bool SameGrant(const Grant& a, const Grant& b);

/// The grants of `desired` that `current(target)` does not list, in order and without repeats;
/// `current` is asked once per distinct target. Its failure is returned as is.
Result<std::vector<Grant>> MissingGrants(
    const std::vector<Grant>& desired,
    const std::function<Result<std::vector<Grant>>(std::string_view target)>& current);

}  // namespace rocky::sdk
