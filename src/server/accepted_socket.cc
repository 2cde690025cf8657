#include "server/accepted_socket.h"

#include <dlfcn.h>
#include <sys/socket.h>

namespace rocky::server {

namespace {
thread_local int t_last_accepted = -1;
}  // namespace

int LastAcceptedSocket() { return t_last_accepted; }

}  // namespace rocky::server

extern "C" int accept(int fd, sockaddr* address, socklen_t* length) {
  using Accept = int (*)(int, sockaddr*, socklen_t*);
  static const auto real = reinterpret_cast<Accept>(dlsym(RTLD_NEXT, "accept"));
  const int socket = real(fd, address, length);
  rocky::server::t_last_accepted = socket;
  return socket;
}
