#include "base/subprocess.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace rocky {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Everything the child writes to `fd` until end of file (or 5 s).
std::string ReadAll(int fd) {
  std::string out;
  auto deadline = Clock::now() + 5s;
  char buf[4096];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n > 0)
      out.append(buf, static_cast<size_t>(n));
    else if (n == 0 || (errno != EAGAIN && errno != EINTR))
      break;
  }
  return out;
}

TEST(Subprocess, PipesEnvironmentAndExitStatus) {
  ::setenv("ROCKY_SUBPROCESS_KEEP", "kept", 1);
  SpawnOptions o;
  o.argv = {"sh", "-c",
            "read line; echo \"got $line $ROCKY_SUBPROCESS_KEEP $EXTRA\"; echo err >&2; exit 4"};
  o.env = {{"EXTRA", "added"}};
  auto child = Subprocess::Spawn(o);
  ASSERT_TRUE(child.has_value()) << child.error().Text();
  Subprocess& p = **child;
  EXPECT_EQ(p.program().back(), 'h');  // found on PATH
  ASSERT_TRUE(p.Write("hello\n", Clock::now() + 5s).has_value());
  EXPECT_EQ(ReadAll(p.stdout_fd()), "got hello kept added\n");
  EXPECT_EQ(ReadAll(p.stderr_fd()), "err\n");
  auto status = p.WaitUntil(Clock::now() + 5s);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(DescribeWaitStatus(*status), "exited with status 4");
  EXPECT_FALSE(p.Running());
}

TEST(Subprocess, KillEndsTheProcessGroup) {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "sleep 30 & sleep 30"};
  auto child = Subprocess::Spawn(o);
  ASSERT_TRUE(child.has_value());
  EXPECT_FALSE((*child)->WaitUntil(Clock::now() + 100ms).has_value());
  auto start = Clock::now();
  int status = (*child)->KillAndWait();
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(DescribeWaitStatus(status).rfind("was killed by signal 9", 0), 0u);
}

TEST(Subprocess, WriteToAChildThatExitedFailsWithoutSigpipe) {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "exec 0<&-; exit 0"};
  auto child = Subprocess::Spawn(o);
  ASSERT_TRUE(child.has_value());
  (*child)->WaitUntil(Clock::now() + 5s);
  std::string big(1 << 20, 'x');
  auto w = (*child)->Write(big, Clock::now() + 5s);
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().message, "Broken pipe");
}

TEST(Subprocess, WriteTimesOutWhenNobodyReads) {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "sleep 30"};
  auto child = Subprocess::Spawn(o);
  ASSERT_TRUE(child.has_value());
  std::string big(1 << 20, 'x');
  auto w = (*child)->Write(big, Clock::now() + 200ms);
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().message, "timed out");
}  // the destructor kills and reaps

TEST(Subprocess, ProgramsThatCannotRun) {
  SpawnOptions missing;
  missing.argv = {"/nonexistent/program"};
  auto a = Subprocess::Spawn(missing);
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().message, "cannot run '/nonexistent/program': No such file or directory");
  SpawnOptions not_found;
  not_found.argv = {"rocky-no-such-program"};
  not_found.env = {{"PATH", "/nonexistent"}};
  auto b = Subprocess::Spawn(not_found);
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(b.error().message, "'rocky-no-such-program' was not found on PATH (/nonexistent)");
  SpawnOptions bad_dir;
  bad_dir.argv = {"/bin/sh", "-c", "true"};
  bad_dir.working_dir = "/nonexistent/dir";
  auto c = Subprocess::Spawn(bad_dir);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().message,
            "cannot run '/bin/sh' in '/nonexistent/dir': No such file or directory");
}

TEST(Subprocess, FindOnPath) {
  EXPECT_EQ(FindOnPath("sh", "/nonexistent:/bin"), "/bin/sh");
  EXPECT_FALSE(FindOnPath("sh", "/nonexistent").has_value());
}

}  // namespace
}  // namespace rocky
