#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <thread>

#include "base/log.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "server/api_server.h"

namespace rocky::cli {

namespace {

int RunServe(Context& ctx) {
  server::ServeOptions options;
  options.host = ctx.args().Get("host").value_or("127.0.0.1");
  if (auto port = ctx.args().Get("port")) {
    char* end = nullptr;
    long value = std::strtol(port->c_str(), &end, 10);
    if (port->empty() || *end != '\0' || value < 0 || value > 65535)
      return ctx.ReportError(Error{
          ErrorKind::kUsage, fmt::format("invalid --port '{}': expected 0 to 65535", *port), {}});
    options.port = static_cast<int>(value);
  }
  if (auto token = ctx.args().Get("token")) {
    options.token = *token;
  } else if (const char* env = std::getenv("ROCKY_SERVE_TOKEN"); env && *env) {
    options.token = env;
  }
  options.watch = ctx.args().Has("watch");
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());

  // SIGINT/SIGTERM go to one thread that stops the server; every other thread blocks them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  server::ApiServer api(**config, ProjectOptionsOf(ctx.args()), options);
  auto port = api.Start();
  if (!port) return ctx.ReportError(port.error());
  if (!server::IsLoopbackHost(options.host))
    LogWarn(
        "listening on {}: the API is reachable from the network{}", options.host,
        options.token.empty() ? " and has no token (pass --token or set ROCKY_SERVE_TOKEN)" : "");
  // The address on stdout, so scripts and tests can read the port (--port 0 picks a free one).
  ctx.PrintText(fmt::format(
      "rocky serve: listening on http://{}:{}/ (dashboard at /, API at "
      "/api/v1/){}",
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host, *port,
      options.token.empty() ? "" : "; the API needs the token"));
  std::thread stopper([&api, stop_signals] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    LogInfo("stopping (signal {})", signal);
    api.Stop();
  });
  api.Serve();
  // Serve returned: by a signal (the stopper is done) or a failure; wake the stopper either way.
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return 0;
}

}  // namespace

const CommandSpec& ServeCommand() {
  static const CommandSpec kSpec{
      .name = "serve",
      .summary = "Serve the project's HTTP API and dashboard",
      .description =
          "Compiles the project in the background and serves its models, typed columns, column\n"
          "lineage, DAG, diagnostics and run history as JSON under /api/v1/ (the api_* outputs),\n"
          "and the dashboard at / (one page, no external assets). Binds 127.0.0.1 unless --host\n"
          "says otherwise. With --token (or ROCKY_SERVE_TOKEN) every API route but health needs\n"
          "`Authorization: Bearer <token>`. --watch recompiles when a model file changes.\n"
          "Ctrl-C stops it. The first stdout line names the address.\n\n"
          "Routes: /api/v1/health, /models, /models/{name}, /models/{name}/lineage,\n"
          "/models/{name}/lineage/{column}, /models/{name}/history, /models/{name}/metrics,\n"
          "/runs, /compile (GET; POST recompiles), /dag, /dag/layers.\n\n"
          "Examples:\n"
          "  rocky serve                      # http://127.0.0.1:8080/\n"
          "  rocky serve --port 9000 --watch\n"
          "  ROCKY_SERVE_TOKEN=s3cret rocky serve --host 0.0.0.0",
      .flags = {{"host", 0, "HOST", "address to bind (default 127.0.0.1)"},
                {"port", 0, "N", "port (default 8080; 0 picks a free one)"},
                {"token", 0, "T", "require this bearer token on the API (else ROCKY_SERVE_TOKEN)"},
                {"watch", 0, "",
                 "recompile when .sql, .rocky or .toml files under the models "
                 "folder change"},
                {"models", 0, "DIR", "the models folder"},
                {"contracts", 0, "DIR", "extra contract files"}},
      .config_optional = true,
      .run = &RunServe,
  };
  return kSpec;
}

}  // namespace rocky::cli
