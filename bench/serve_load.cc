// Load on `rocky serve` (issue 18), light enough that the client does not eat the cores it is
// measuring: CLIENTS concurrent clients on one epoll thread, each sending REQUESTS GETs in sequence
// over its own keep-alive connection (a new connection when the server closes one), to PATHS taken
// round-robin from a file (one request path per line). Prints one JSON line:
// {clients, requests, errors, reconnects, p50_ms, p95_ms, max_ms, wall_ms, rps}.
//
//   serve_load PORT PATHS_FILE CLIENTS REQUESTS
//
// A response is read by its Content-Length (the server always sends one); anything else, a
// status other than 200, or a connection error counts as an error.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Client {
  int fd = -1;
  int sent_requests = 0;  // requests started
  std::string out;        // the request being written
  size_t written = 0;
  std::string in;  // the response being read
  Clock::time_point started;
};

int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 && errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// The response in `in`, once complete: its status, whether the server keeps the connection and
// its total length. 0: not complete yet; -1: malformed.
long ResponseLength(const std::string& in, int& status, bool& keep_alive) {
  const size_t end = in.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  std::string_view head(in.data(), end);
  if (head.size() < 12 || !head.starts_with("HTTP/1.1 ")) return -1;
  status = std::atoi(head.data() + 9);
  keep_alive = true;
  long length = -1;
  size_t line = head.find("\r\n");
  while (line != std::string_view::npos) {
    const size_t next = head.find("\r\n", line + 2);
    std::string_view field = head.substr(
        line + 2, next == std::string_view::npos ? std::string_view::npos : next - line - 2);
    const size_t colon = field.find(':');
    if (colon != std::string_view::npos) {
      std::string_view name = field.substr(0, colon), value = field.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      if (rocky::EqualsIgnoreCase(name, "content-length"))
        length = std::atol(std::string(value).c_str());
      if (rocky::EqualsIgnoreCase(name, "connection") && rocky::EqualsIgnoreCase(value, "close"))
        keep_alive = false;
    }
    line = next;
  }
  if (length < 0) return -1;
  const long total = static_cast<long>(end + 4) + length;
  return static_cast<long>(in.size()) >= total ? total : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: serve_load PORT PATHS_FILE CLIENTS REQUESTS\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  std::vector<std::string> paths;
  {
    std::ifstream file(argv[2]);
    for (std::string line; std::getline(file, line);)
      if (!line.empty()) paths.push_back(line);
  }
  const int clients = std::atoi(argv[3]), requests = std::atoi(argv[4]);
  if (paths.empty() || clients <= 0 || requests <= 0) {
    std::fprintf(stderr, "serve_load: no paths, or CLIENTS/REQUESTS not positive\n");
    return 2;
  }

  const int epoll = ::epoll_create1(0);
  std::vector<Client> all(clients);
  std::vector<double> times;
  times.reserve(static_cast<size_t>(clients) * requests);
  int errors = 0, reconnects = 0, finished = 0;

  auto watch = [&](int index, uint32_t events, int op) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u32 = static_cast<uint32_t>(index);
    ::epoll_ctl(epoll, op, all[index].fd, &ev);
  };
  // Starts client `index`'s next request, or finishes it.
  auto next = [&](int index) {
    Client& c = all[index];
    if (c.sent_requests == requests) {
      if (c.fd >= 0) ::close(c.fd);
      c.fd = -1;
      ++finished;
      return;
    }
    const std::string& path =
        paths[static_cast<size_t>(index * requests + c.sent_requests) % paths.size()];
    ++c.sent_requests;
    c.out = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n";
    c.written = 0;
    c.in.clear();
    c.started = Clock::now();
    if (c.fd < 0) {
      c.fd = Connect(port);
      if (c.fd < 0) {
        ++errors;
        return;
      }
      watch(index, EPOLLOUT | EPOLLIN, EPOLL_CTL_ADD);
    } else {
      watch(index, EPOLLOUT | EPOLLIN, EPOLL_CTL_MOD);
    }
  };
  auto fail = [&](int index) {
    Client& c = all[index];
    ++errors;
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - c.started).count());
    if (c.fd >= 0) ::close(c.fd);
    c.fd = -1;
  };

  const auto wall_start = Clock::now();
  for (int i = 0; i < clients; ++i) next(i);
  std::vector<epoll_event> events(256);
  char buffer[65536];
  while (finished < clients) {
    const int n = ::epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 10000);
    if (n <= 0) {
      std::fprintf(stderr, "serve_load: no progress for 10 s\n");
      return 1;
    }
    for (int e = 0; e < n; ++e) {
      const int index = static_cast<int>(events[e].data.u32);
      Client& c = all[index];
      if (c.fd < 0) continue;
      if (events[e].events & EPOLLOUT && c.written < c.out.size()) {
        const ssize_t w =
            ::send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN) {
          fail(index);
          next(index);
          continue;
        }
        if (w > 0) c.written += static_cast<size_t>(w);
        if (c.written == c.out.size()) watch(index, EPOLLIN, EPOLL_CTL_MOD);
      }
      if (!(events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      bool closed = false;
      while (true) {
        const ssize_t r = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (r > 0) {
          c.in.append(buffer, static_cast<size_t>(r));
          continue;
        }
        if (r == 0 || errno != EAGAIN) closed = true;
        break;
      }
      int status = 0;
      bool keep_alive = true;
      const long length = ResponseLength(c.in, status, keep_alive);
      if (length > 0) {
        times.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - c.started).count());
        if (status != 200) ++errors;
        if (!keep_alive || closed) {
          ::close(c.fd);
          c.fd = -1;
          if (c.sent_requests < requests) ++reconnects;
        }
        next(index);
      } else if (length < 0 || closed) {
        fail(index);
        next(index);
      }
    }
  }
  const double wall = std::chrono::duration<double, std::milli>(Clock::now() - wall_start).count();
  std::sort(times.begin(), times.end());
  auto at = [&](double p) { return times[static_cast<size_t>(p * (times.size() - 1) / 100)]; };
  std::printf(
      "{\"clients\": %d, \"requests\": %zu, \"errors\": %d, \"reconnects\": %d, \"p50_ms\": %.2f, "
      "\"p95_ms\": %.2f, \"max_ms\": %.2f, \"wall_ms\": %.0f, \"rps\": %.0f}\n",
      clients, times.size(), errors, reconnects, at(50), at(95), times.back(), wall,
      times.size() * 1000.0 / wall);
  return 0;
}
