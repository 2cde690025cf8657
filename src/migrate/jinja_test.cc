#include "migrate/jinja.h"

#include <gtest/gtest.h>

namespace rocky::migrate {
namespace {

JinjaEnvironment TestEnvironment() {
  JinjaEnvironment env;
  env.globals["this"] = JinjaValue::String("analytics.orders");
  env.globals["methods"] =
      JinjaValue::List({JinjaValue::String("card"), JinjaValue::String("cash")});
  env.globals["cfg"] = JinjaValue::Dict({{"mode", JinjaValue::String("full")}});
  env.functions["ref"] = [](const JinjaArgs& a) -> std::expected<JinjaValue, std::string> {
    if (a.positional.empty()) return std::unexpected("needs a model name");
    return a.positional.back();
  };
  env.functions["var"] = [](const JinjaArgs& a) -> std::expected<JinjaValue, std::string> {
    if (a.positional.size() > 1) return a.positional[1];
    return JinjaValue::String("v_" + a.positional[0].text);
  };
  return env;
}

struct RenderCase {
  const char* name;
  const char* input;
  const char* output;
};

class RenderTest : public testing::TestWithParam<RenderCase> {};

TEST_P(RenderTest, Renders) {
  auto out = RenderJinja(GetParam().input, TestEnvironment());
  ASSERT_TRUE(out) << out.error().Text();
  EXPECT_EQ(out->text, GetParam().output);
}

INSTANTIATE_TEST_SUITE_P(
    Jinja, RenderTest,
    testing::Values(
        RenderCase{"text", "select 1", "select 1"},
        RenderCase{"ref", "select * from {{ ref('orders') }}", "select * from orders"},
        RenderCase{"ref_package", "{{ ref(\"pkg\", \"orders\") }}", "orders"},
        RenderCase{"this", "{{ this }}", "analytics.orders"},
        RenderCase{"comment", "a{# gone {{ x }} #}b", "ab"},
        RenderCase{"whitespace_control", "a  {%- set x = 1 -%}  \n b", "ab"},
        RenderCase{"output_strip", "a {{- 'x' -}} b", "axb"},
        RenderCase{"set_and_use", "{% set n = 2 + 3 * 2 %}{{ n }}", "8"},
        RenderCase{"concat", "{{ 'a' ~ 1 ~ true }}", "a1True"},
        RenderCase{"if_true", "{% if var('mode') == 'v_mode' %}yes{% else %}no{% endif %}", "yes"},
        RenderCase{"elif", "{% if 1 > 2 %}a{% elif 2 >= 2 %}b{% else %}c{% endif %}", "b"},
        RenderCase{"if_var_default", "{% if var('x', false) %}x{% endif %}", ""},
        RenderCase{"logic", "{{ not (1 == 1 and 2 != 2) or false }}", "True"},
        RenderCase{"in", "{{ 'card' in methods }} {{ 'x' not in methods }}", "True True"},
        RenderCase{"for_loop",
                   "{% for m in methods %}sum({{ m }}){% if not loop.last %}, {% endif %}"
                   "{% endfor %}",
                   "sum(card), sum(cash)"},
        RenderCase{"for_literal", "{% for i in [1, 2] %}{{ loop.index }}:{{ i }};{% endfor %}",
                   "1:1;2:2;"},
        RenderCase{"set_list", "{% set l = ['a', 'b'] %}{{ l | join(', ') }}", "a, b"},
        RenderCase{"filters", "{{ 'AbC' | lower }}{{ 'x' | upper }}{{ none | default('d') }}",
                   "abcXd"},
        RenderCase{"attribute", "{{ cfg.mode }} {{ cfg['mode'] }} {{ methods[1] }}",
                   "full full cash"},
        RenderCase{"list_render", "{{ methods }}", "['card', 'cash']"},
        RenderCase{"scope",
                   "{% for m in methods %}{% set x = m %}{% endfor %}{{ methods | length }}", "2"},
        RenderCase{"is_tests",
                   "{{ none is none }} {{ 1 is not none }} {{ nope is defined }} "
                   "{{ cfg.mode is defined }} {{ cfg.other is undefined }} {{ 'a' is string }}",
                   "True True False True True True"},
        RenderCase{"dict_literal", "{% set d = {'a': 1, 'b': [2]} %}{{ d.a }}{{ d['b'][0] }}",
                   "12"},
        RenderCase{"raw", "a{% raw %}{{ not_rendered }}{% endraw %}b{{ 1 }}",
                   "a{{ not_rendered }}b1"},
        RenderCase{"braces_in_text", "select '{' || '}' as b", "select '{' || '}' as b"}),
    [](const testing::TestParamInfo<RenderCase>& i) { return std::string(i.param.name); });

struct RefuseCase {
  const char* name;
  const char* input;
  int line;
  const char* construct;
};

class RefuseTest : public testing::TestWithParam<RefuseCase> {};

TEST_P(RefuseTest, NamesConstructAndLine) {
  auto out = RenderJinja(GetParam().input, TestEnvironment());
  ASSERT_FALSE(out) << out->text;
  EXPECT_EQ(out.error().line, GetParam().line) << out.error().Text();
  EXPECT_EQ(out.error().construct, GetParam().construct) << out.error().Text();
}

INSTANTIATE_TEST_SUITE_P(
    Jinja, RefuseTest,
    testing::Values(
        RefuseCase{"macro_call", "select\n{{ cents_to_dollars('amount') }}", 2,
                   "cents_to_dollars()"},
        RefuseCase{"package_macro", "select {{ dbt_utils.star(ref('a')) }}", 1, "dbt_utils.star()"},
        RefuseCase{"adapter", "\n\n{% set r = adapter.get_relation(this) %}", 3,
                   "adapter.get_relation()"},
        RefuseCase{"run_query", "{% set r = run_query('select 1') %}", 1, "run_query()"},
        RefuseCase{"macro_definition", "{% macro m() %}x{% endmacro %}", 1, "{% macro %}"},
        RefuseCase{"call_block", "a\n{% call statement('x') %}{% endcall %}", 2, "{% call %}"},
        RefuseCase{"do", "{% do log('x') %}", 1, "{% do %}"},
        RefuseCase{"unknown_name", "{{ target.name }}", 1, "target"},
        RefuseCase{"unknown_test", "{{ 1 is odd }}", 1, "is odd"},
        RefuseCase{"unknown_filter", "{{ 'a' | tojson }}", 1, "|tojson"},
        RefuseCase{"unclosed_if", "{% if true %}x", 1, "{% endif %}"},
        RefuseCase{"unclosed_tag", "select {{ ref('a')", 1, "{{"},
        RefuseCase{"stray_endif", "x{% endif %}", 1, "{% endif %}"}),
    [](const testing::TestParamInfo<RefuseCase>& i) { return std::string(i.param.name); });

TEST(Jinja, IsIncrementalBlocksAreDroppedAndReported) {
  const char* model =
      "select * from {{ ref('events') }}\n"
      "{% if is_incremental() %}\n"
      "where ts > (select max(ts) from {{ this }})\n"
      "{% endif %}";
  auto out = RenderJinja(model, TestEnvironment());
  ASSERT_TRUE(out) << out.error().Text();
  EXPECT_EQ(out->text, "select * from events\n");
  ASSERT_EQ(out->incremental_blocks.size(), 1u);
  EXPECT_EQ(out->incremental_blocks[0].line, 2);
  EXPECT_EQ(out->incremental_blocks[0].source, "\nwhere ts > (select max(ts) from {{ this }})\n");
}

TEST(Jinja, IsIncrementalElseBranchIsKept) {
  auto out =
      RenderJinja("{% if is_incremental() %}inc{% else %}full{% endif %}", TestEnvironment());
  ASSERT_TRUE(out) << out.error().Text();
  EXPECT_EQ(out->text, "full");
  EXPECT_EQ(out->incremental_blocks.size(), 1u);
}

TEST(Jinja, FunctionErrorsCarryTheLine) {
  auto out = RenderJinja("\n{{ ref() }}", TestEnvironment());
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().Text(), "line 2: ref(): needs a model name");
}

}  // namespace
}  // namespace rocky::migrate
