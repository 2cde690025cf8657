#pragma once
// Byte codecs of loaded models for the compile cache (model_cache.h). A model is encoded as the
// loader produced it: before contracts are attached and before its SQL references are known
// (both are recomputed on every load). Decoding checks every length and enum value and fails on
// anything malformed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "project/model.h"

namespace rocky::project {

/// `model` nullptr: the file could not be loaded (only diagnostics).
std::string EncodeLoadedModel(const Model* model, const std::vector<Diagnostic>& diagnostics);
/// Decodes into `model` (a default-constructed one); `present` says whether there was a model.
bool DecodeLoadedModel(std::string_view bytes, Model& model, bool& present,
                       std::vector<Diagnostic>& diagnostics);

}  // namespace rocky::project
