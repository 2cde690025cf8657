#include "runtime/metrics_exporter.h"

#include <utility>

#include "base/log.h"
#include "base/secret.h"

namespace rocky::runtime {

MetricsExporter::MetricsExporter(const Metrics& metrics, HttpClient& http, OtlpExportConfig config,
                                 OtlpAttributes point_attributes, MetricsExportOptions options)
    : metrics_(metrics),
      http_(http),
      config_(std::move(config)),
      point_attributes_(std::move(point_attributes)),
      options_(std::move(options)) {}

MetricsExporter::~MetricsExporter() { Finish(); }

void MetricsExporter::Start() {
  std::lock_guard guard(mutex_);
  if (worker_.joinable() || stop_) return;
  worker_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, options_.interval, [this] { return stop_; })) {
      lock.unlock();
      ExportNow();
      lock.lock();
    }
  });
}

void MetricsExporter::Finish() {
  {
    std::lock_guard guard(mutex_);
    if (finished_) return;
    finished_ = true;
    stop_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  ExportNow();
}

bool MetricsExporter::ExportNow() {
  HttpRequest request;
  request.method = "POST";
  request.url = config_.url;
  request.headers = config_.headers;
  SetHttpHeader(request.headers, "Content-Type", "application/json");
  request.body = OtlpMetricsRequest(metrics_.Snapshot(), config_.service_name, point_attributes_,
                                    options_.now())
                     .Dump();
  request.timeout = options_.timeout;
  auto response = http_.Send(request);
  if (!response) {
    LogWarn("metrics export failed: {}", response.error().message);
    return false;
  }
  if (!response->ok()) {
    LogWarn("metrics export failed: POST {} answered HTTP {}", RedactUrl(config_.url),
            response->status);
    return false;
  }
  return true;
}

}  // namespace rocky::runtime
