#pragma once
// The Fivetran emulator (adapters.md §5, §8): the REST v1 surface Rocky's discovery reads, on
// 127.0.0.1, answered from a fixture.
//   GET /v1/groups/{id}/connections and /v1/groups/{id}/connectors   (cursor pages)
//   GET /v1/connections/{id}/schemas and /v1/connectors/{id}/schemas
//   GET /v1/destinations/{id}
// Every response is an envelope {code, message?, data}. Requests need HTTP Basic
// `api_key:api_secret` (401 otherwise) and an Accept of application/json (with or without
// `;version=2`) or */* (406 otherwise). A connection without `schema_config` in the fixture
// answers 404 NotFound_SchemaConfig, as a never-synced connection does.
// Control endpoints besides the shared ones (emulator_server.h):
//   GET  /_emulator/fivetran/connectors   the fixture's connections
//   POST /_emulator/fivetran/connectors   replace them (a JSON array), e.g. after a new sync
//
// Fixture: {"destination_id": "d1", "connectors": [{"id", "service", "schema", "paused",
//   "status": {"setup_state", "sync_state"}, "succeeded_at", "schema_config"?: {"schemas": …}}]}

#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "emulators/common/emulator_server.h"

namespace rocky::emulator::fivetran {

struct Options {
  int port = 0;
  std::string api_key = "emulator-key";
  std::string api_secret = "emulator-secret";
  size_t page_size = 100;  // items per page at most (also bounded by the request's `limit`)
  nlohmann::json fixture = nlohmann::json::object();
};

class FivetranEmulator {
 public:
  static Result<std::unique_ptr<FivetranEmulator>> Start(Options options);
  ~FivetranEmulator() { server_.Stop(); }
  FivetranEmulator(const FivetranEmulator&) = delete;
  FivetranEmulator& operator=(const FivetranEmulator&) = delete;

  std::string url() const { return server_.url(); }
  int port() const { return server_.port(); }
  void Stop() { server_.Stop(); }

  /// Replaces the fixture's connections.
  void SetConnectors(nlohmann::json connectors);
  std::vector<LoggedRequest> requests() const { return server_.log().Snapshot(); }
  Result<void> AddFault(Fault fault) { return server_.faults().Add(std::move(fault)); }

 private:
  explicit FivetranEmulator(Options options);
  void AddRoutes();
  /// Checks Basic auth and Accept; answers 401/406 and returns false when they fail.
  bool Admitted(const httplib::Request& req, httplib::Response& res) const;
  nlohmann::json Connectors() const;

  Options options_;
  mutable std::mutex mu_;
  EmulatorServer server_;
};

/// Answers with the envelope {code: "Success", data}.
void SendData(httplib::Response& res, const nlohmann::json& data);
/// Answers `status` with the error envelope {code, message}.
void SendFailure(httplib::Response& res, int status, std::string_view code, std::string_view message);

}  // namespace rocky::emulator::fivetran
