#pragma once
// The socket the HTTP library accepted last on this thread. cpp-httplib hands a connection to
// its task queue without saying which socket it is; the server's request deadline needs the
// socket to cut off a client that trickles its request (slow-loris). accepted_socket.cc defines
// `accept`, which the executable exports in place of libc's to the shared cpp-httplib library:
// it calls libc's and remembers the result per thread. Nothing else changes.

namespace rocky::server {

/// The last socket `accept` returned on the calling thread, or -1.
int LastAcceptedSocket();

}  // namespace rocky::server
