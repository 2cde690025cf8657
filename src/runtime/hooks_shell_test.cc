#include "runtime/hooks_shell.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/strings.h"

namespace rocky::runtime {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "rocky-hooks-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Read(const std::string& name) const {
    std::ifstream in(fs::path(path_) / name);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  std::string path_;
};

RunEvent Event() {
  RunEvent e;
  e.event = "after_materialize";
  e.run_id = "run-1";
  e.pipeline = "raw";
  e.timestamp = *ParseTimestamp("2026-04-07T10:00:00Z");
  e.table = "acme.raw.orders";
  e.duration_ms = 12;
  e.metadata = Json::Object().Set("rows", 3);
  return e;
}

config::ShellHookConfig Hook(std::string command, int64_t timeout_ms = 10000) {
  config::ShellHookConfig hook;
  hook.event = config::HookEvent::kAfterMaterialize;
  hook.command = std::move(command);
  hook.timeout_ms = timeout_ms;
  return hook;
}

std::string Stdin(const RunEvent& e) { return e.ToJson().Dump(2) + "\n"; }

// True once `pid` is gone (or a zombie nobody has reaped yet).
bool ProcessGone(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    if (::kill(pid, 0) != 0) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    size_t paren = text.rfind(')');
    if (paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'Z')
      return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(HookShellTest, SetsEnvironmentAndWorkingDirectory) {
  TempDir dir;
  auto hook = Hook(
      "printf '%s|%s|%s|%s|%s' \"$ROCKY_EVENT\" \"$ROCKY_RUN_ID\" \"$ROCKY_PIPELINE\" "
      "\"$MY_VAR\" \"$PATH\" > env.txt; pwd > cwd.txt");
  hook.env = {{"MY_VAR", "hello world"}, {"ROCKY_EVENT", "cannot override"}};
  RunEvent e = Event();
  ShellHookResult r = RunShellHook(hook, dir.path(), e, Stdin(e));
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.exit_code, 0);
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  EXPECT_EQ(dir.Read("env.txt"), "on_after_materialize|run-1|raw|hello world|" + path);
  EXPECT_EQ(fs::canonical(std::string(Trim(dir.Read("cwd.txt")))), fs::canonical(dir.path()));
}

TEST(HookShellTest, ContextJsonOnStdin) {
  TempDir dir;
  RunEvent e = Event();
  ShellHookResult r = RunShellHook(Hook("cat > ctx.json"), dir.path(), e, Stdin(e));
  ASSERT_TRUE(r.ok) << r.reason;
  std::string text = dir.Read("ctx.json");
  EXPECT_EQ(text, e.ToJson().Dump(2) + "\n");  // pretty-printed
  auto parsed = Json::Parse(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ((*parsed)["event"].AsString(), "after_materialize");
  EXPECT_EQ((*parsed)["table"].AsString(), "acme.raw.orders");
  EXPECT_EQ((*parsed)["metadata"]["rows"].AsInt(), 3);
}

TEST(HookShellTest, CapturesOutputAwayFromStdout) {
  RunEvent e = Event();
  ShellHookResult r = RunShellHook(Hook("echo to-out; echo to-err >&2"), "", e, Stdin(e));
  ASSERT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.stdout_text, "to-out\n");
  EXPECT_EQ(r.stderr_text, "to-err\n");
}

TEST(HookShellTest, NonZeroExitIsAFailure) {
  RunEvent e = Event();
  ShellHookResult r =
      RunShellHook(Hook("echo first >&2; echo 'disk full' >&2; exit 3"), "", e, Stdin(e));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.reason,
            "command 'echo first >&2; echo 'disk full' >&2; exit 3' exited with status 3: "
            "disk full");
}

TEST(HookShellTest, KilledBySignalIsAFailure) {
  RunEvent e = Event();
  ShellHookResult r = RunShellHook(Hook("kill -9 $$"), "", e, Stdin(e));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_NE(r.reason.find("was killed by signal 9"), std::string::npos) << r.reason;
}

TEST(HookShellTest, TimeoutKillsTheWholeProcessGroup) {
  TempDir dir;
  RunEvent e = Event();
  auto start = std::chrono::steady_clock::now();
  ShellHookResult r = RunShellHook(
      Hook("sleep 30 & echo $! > bg.pid; sleep 30", /*timeout_ms=*/300), dir.path(), e, Stdin(e));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.reason, "command 'sleep 30 & echo $! > bg.pid; sleep 30' timed out after 300 ms");
  EXPECT_GE(elapsed, 300ms);
  EXPECT_LT(elapsed, 5s);
  pid_t background = std::atoi(dir.Read("bg.pid").c_str());
  ASSERT_GT(background, 0);
  EXPECT_TRUE(ProcessGone(background)) << "background child " << background << " survived";
}

TEST(HookShellTest, BackgroundChildHoldingThePipesDoesNotBlock) {
  TempDir dir;
  RunEvent e = Event();
  auto start = std::chrono::steady_clock::now();
  ShellHookResult r =
      RunShellHook(Hook("sleep 3 & echo $! > bg.pid; echo done"), dir.path(), e, Stdin(e));
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.stdout_text, "done\n");
  EXPECT_LT(elapsed, 2s);
  ::kill(std::atoi(dir.Read("bg.pid").c_str()), SIGKILL);
}

TEST(HookShellTest, HookThatIgnoresStdinStillSucceeds) {
  RunEvent e = Event();
  e.metadata = Json::Object().Set("big", std::string(300000, 'x'));  // larger than a pipe buffer
  ShellHookResult r = RunShellHook(Hook("true"), "", e, Stdin(e));
  EXPECT_TRUE(r.ok) << r.reason;
}

TEST(HookShellTest, MissingProjectDirectoryFailsToStart) {
  RunEvent e = Event();
  ShellHookResult r = RunShellHook(Hook("true"), "/nonexistent/rocky-dir", e, Stdin(e));
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.reason.find("command 'true' could not start: "), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find(" in '/nonexistent/rocky-dir': No such file or directory"),
            std::string::npos)
      << r.reason;
}

}  // namespace
}  // namespace rocky::runtime
