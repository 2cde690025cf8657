#pragma once
// Random (version 4) UUIDs for request ids and statement markers.

#include <string>

namespace rocky {

/// `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, lower-case hex, from a per-thread random engine.
std::string RandomUuid();

}  // namespace rocky
