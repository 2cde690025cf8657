#include "config/env_substitution.h"

#include <gtest/gtest.h>

#include <map>

namespace rocky::config {
namespace {

EnvLookup Vars(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

struct SubstCase {
  const char* name;
  const char* input;
  const char* expected;
};

class EnvSubstitutionCases : public ::testing::TestWithParam<SubstCase> {};

TEST_P(EnvSubstitutionCases, Substitutes) {
  const auto& c = GetParam();
  auto env =
      Vars({{"HOST", "db.example.com"}, {"EMPTY", ""}, {"NESTED", "${HOST}"}, {"PORT", "5432"}});
  auto out = SubstituteEnv(c.input, env);
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_EQ(*out, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    EnvSubstitution, EnvSubstitutionCases,
    ::testing::Values(
        SubstCase{"plain", "host = \"${HOST}\"", "host = \"db.example.com\""},
        SubstCase{"two_on_a_line", "x = \"${HOST}:${PORT}\"", "x = \"db.example.com:5432\""},
        SubstCase{"default_unset", "c = \"${CATALOG:-fivetran}\"", "c = \"fivetran\""},
        SubstCase{"default_empty", "c = \"${EMPTY:-fallback}\"", "c = \"fallback\""},
        SubstCase{"default_ignored_when_set", "c = \"${HOST:-x}\"", "c = \"db.example.com\""},
        SubstCase{"set_but_empty", "c = \"${EMPTY}\"", "c = \"\""},
        SubstCase{"empty_default", "c = \"${MISSING:-}\"", "c = \"\""},
        SubstCase{"split_at_first", "c = \"${MISSING:-a:-b}\"", "c = \"a:-b\""},
        SubstCase{"default_verbatim", "c = \"${MISSING:-${HOST}\"", "c = \"${HOST\""},
        SubstCase{"no_recursion", "c = \"${NESTED}\"", "c = \"${HOST}\""},
        SubstCase{"comment_line_untouched", "# uses ${MISSING}\n  # ${ALSO_MISSING}",
                  "# uses ${MISSING}\n  # ${ALSO_MISSING}"},
        SubstCase{"trailing_comment_substituted", "a = 1 # ${HOST}", "a = 1 # db.example.com"},
        SubstCase{"unclosed_left_alone", "a = \"${HOST\"", "a = \"${HOST\""},
        SubstCase{"bare_dollar_left_alone", "a = \"$HOST ${} ${1X}\"", "a = \"$HOST ${} ${1X}\""},
        SubstCase{"lines_and_crlf_kept", "a = 1\r\nb = \"${PORT}\"\r\n\n",
                  "a = 1\r\nb = \"5432\"\r\n\n"},
        SubstCase{"empty_text", "", ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(EnvSubstitution, MissingVariableNamesTheFirstInFileOrder) {
  auto env = Vars({{"SET", "1"}});
  auto out = SubstituteEnv(
      "# ${COMMENTED}\na = \"${SET}\"\nb = \"${FIRST} ${SECOND}\"\nc = \"${THIRD}\"", env);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().message, "environment variable 'FIRST' not set (referenced in config)");
  EXPECT_EQ(out.error().kind, ErrorKind::kConfig);
}

TEST(EnvSubstitution, MissingVariableInTrailingCommentFails) {
  auto out = SubstituteEnv("a = 1  # ${GONE}", Vars({}));
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().message, "environment variable 'GONE' not set (referenced in config)");
}

TEST(EnvSubstitution, NewlineInValueIsAnError) {
  auto out = SubstituteEnv("a = \"${MULTI}\"", Vars({{"MULTI", "line1\nline2"}}));
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().message, "environment variable 'MULTI' contains a newline");
}

TEST(EnvSubstitution, ValueInsertedVerbatimWithoutEscaping) {
  auto out = SubstituteEnv("a = \"${Q}\"", Vars({{"Q", "say \"hi\" \\n"}}));
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, "a = \"say \"hi\" \\n\"");
}

TEST(EnvSubstitution, ProcessEnvironment) {
  ::setenv("ROCKY_ENV_SUBST_TEST", "from-process", 1);
  ::unsetenv("ROCKY_ENV_SUBST_UNSET");
  auto out = SubstituteEnv("x = \"${ROCKY_ENV_SUBST_TEST}\" ${ROCKY_ENV_SUBST_UNSET:-d}");
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, "x = \"from-process\" d");
}

}  // namespace
}  // namespace rocky::config
