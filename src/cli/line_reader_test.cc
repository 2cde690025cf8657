#include "cli/line_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace rocky::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(LineHistoryTest, SkipsEmptyEntriesAndRepeatsAndKeepsTheNewest) {
  LineHistory history(3);
  history.Add("");
  history.Add("a");
  history.Add("a");
  history.Add("b");
  history.Add("a");
  EXPECT_THAT(history.entries(), ElementsAre("a", "b", "a"));
  history.Add("c");
  EXPECT_THAT(history.entries(), ElementsAre("b", "a", "c"));
}

TEST(LineHistoryTest, AppendsToAFileAndLoadsItBack) {
  const auto dir = std::filesystem::temp_directory_path() / "rocky_line_history_test";
  std::filesystem::remove_all(dir);
  const std::string path = (dir / "sub" / "shell_history").string();

  LineHistory missing;
  ASSERT_TRUE(missing.Load(path).has_value());
  EXPECT_THAT(missing.entries(), IsEmpty());

  ASSERT_TRUE(LineHistory::Append(path, "SELECT 1").has_value());
  ASSERT_TRUE(LineHistory::Append(path, ".tables").has_value());
  ASSERT_TRUE(LineHistory::Append(path, "SELECT 2").has_value());
  LineHistory last_two(2);
  ASSERT_TRUE(last_two.Load(path).has_value());
  EXPECT_THAT(last_two.entries(), ElementsAre(".tables", "SELECT 2"));

  // Past twice the maximum the file is cut down to what was loaded.
  ASSERT_TRUE(LineHistory::Append(path, "SELECT 3").has_value());
  ASSERT_TRUE(LineHistory::Append(path, "SELECT 4").has_value());
  LineHistory trimmed(2);
  ASSERT_TRUE(trimmed.Load(path).has_value());
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "SELECT 3\nSELECT 4\n");
  std::filesystem::remove_all(dir);
}

TEST(LineEditTest, InsertsAndMovesByCodePoint) {
  LineEdit edit;
  edit.Insert("caf");
  edit.Insert("\xC3\xA9");  // é
  EXPECT_EQ(edit.text, "caf\xC3\xA9");
  EXPECT_EQ(edit.CursorColumn(), 4u);
  edit.Left();
  EXPECT_EQ(edit.cursor, 3u);
  edit.Right();
  EXPECT_EQ(edit.cursor, 5u);
  edit.Backspace();
  EXPECT_EQ(edit.text, "caf");
  edit.Home();
  edit.Delete();
  EXPECT_EQ(edit.text, "af");
  edit.Insert("x");
  EXPECT_EQ(edit.text, "xaf");
  EXPECT_EQ(edit.cursor, 1u);
}

TEST(LineEditTest, CutsAndReplaces) {
  LineEdit edit;
  edit.Replace("SELECT 1 FROM t");
  EXPECT_EQ(edit.cursor, edit.text.size());
  for (int i = 0; i < 7; ++i) edit.Left();
  edit.CutAfter();
  EXPECT_EQ(edit.text, "SELECT 1");
  edit.Left();
  edit.CutBefore();
  EXPECT_EQ(edit.text, "1");
  EXPECT_EQ(edit.cursor, 0u);
  edit.Backspace();  // at the start: nothing
  edit.End();
  edit.Delete();  // at the end: nothing
  EXPECT_EQ(edit.text, "1");
}

}  // namespace
}  // namespace rocky::cli
