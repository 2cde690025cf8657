#include "runtime/hooks_template.h"

#include <gtest/gtest.h>

#include "base/http.h"
#include "runtime/hooks_webhook.h"

namespace rocky::runtime {
namespace {

RunEvent FullEvent() {
  RunEvent e;
  e.event = "materialize_error";
  e.run_id = "run-20260407-100000-000";
  e.pipeline = "raw";
  e.timestamp = *ParseTimestamp("2026-04-07T10:00:00Z");
  e.model = "orders_model";
  e.table = "acme.raw.orders";
  e.error = "boom";
  e.duration_ms = 1234;
  e.metadata = Json::Object()
                   .Set("check", "row_count")
                   .Set("passed", false)
                   .Set("rows", 42)
                   .Set("nested", Json::Object().Set("inner", "deep"))
                   .Set("list", Json::Array().Push(1).Push(2))
                   .Set("none", nullptr)
                   .Set("empty", "");
  return e;
}

RunEvent BareEvent() {
  RunEvent e;
  e.event = "pipeline_start";
  e.run_id = "r1";
  e.pipeline = "p";
  e.timestamp = *ParseTimestamp("2026-04-07T10:00:00.25Z");
  return e;
}

std::string Render(std::string_view text, const RunEvent& e, std::string_view routing_key = "") {
  return RenderHookTemplate(text, TemplateContext{e, routing_key});
}

TEST(TemplateTest, EveryPlaceholder) {
  RunEvent e = FullEvent();
  EXPECT_EQ(Render("{{event}}", e), "on_materialize_error");
  EXPECT_EQ(Render("{{run_id}}", e), "run-20260407-100000-000");
  EXPECT_EQ(Render("{{pipeline}}", e), "raw");
  EXPECT_EQ(Render("{{timestamp}}", e), "2026-04-07T10:00:00Z");
  EXPECT_EQ(Render("{{model}}", e), "orders_model");
  EXPECT_EQ(Render("{{table}}", e), "acme.raw.orders");
  EXPECT_EQ(Render("{{error}}", e), "boom");
  EXPECT_EQ(Render("{{duration_ms}}", e), "1234");
  EXPECT_EQ(Render("{{metadata.check}}", e), "row_count");
  EXPECT_EQ(Render("{{routing_key}}", e, "rk-123"), "rk-123");
  EXPECT_EQ(Render("{{ table }}", e), "acme.raw.orders");  // spaces inside braces
}

TEST(TemplateTest, MetadataValues) {
  RunEvent e = FullEvent();
  EXPECT_EQ(Render("{{metadata.rows}}", e), "42");
  EXPECT_EQ(Render("{{metadata.passed}}", e), "false");
  EXPECT_EQ(Render("{{metadata.nested.inner}}", e), "deep");
  // Non-string values render as their JSON text, escaped to sit inside a string literal.
  EXPECT_EQ(Render("{{metadata.nested}}", e), R"j({\"inner\":\"deep\"})j");
  EXPECT_EQ(Render("{{metadata.list}}", e), "[1,2]");
  EXPECT_EQ(Render("[{{metadata.none}}][{{metadata.absent}}][{{metadata.check.x}}]", e), "[][][]");
}

TEST(TemplateTest, MissingValuesRenderEmptyExceptDurationNull) {
  RunEvent e = BareEvent();
  EXPECT_EQ(Render("m={{model}} t={{table}} e={{error}} r={{routing_key}} x={{unknown}}", e),
            "m= t= e= r= x=");
  EXPECT_EQ(Render(R"j({"duration_ms": {{duration_ms}}})j", e), R"j({"duration_ms": null})j");
  EXPECT_EQ(Render("{{timestamp}}", e), "2026-04-07T10:00:00.25Z");
}

TEST(TemplateTest, ValuesAreJsonStringEscapedWithoutQuotes) {
  RunEvent e = BareEvent();
  e.error = "bad \"quote\" \\ back\nline\ttab\x01";
  EXPECT_EQ(Render("{{error}}", e), "bad \\\"quote\\\" \\\\ back\\nline\\ttab\\u0001");
  std::string body = Render(R"j({"error": "{{error}}"})j", e);
  auto parsed = Json::Parse(body);
  ASSERT_TRUE(parsed) << body;
  EXPECT_EQ((*parsed)["error"].AsString(), *e.error);
  EXPECT_EQ(Render("{{routing_key}}", e, "a\"b"), "a\\\"b");
}

TEST(TemplateTest, IfBlocks) {
  RunEvent full = FullEvent();
  RunEvent bare = BareEvent();
  const std::string t =
      "A{{#if table}} table {{table}}{{/if}}{{#if error}} error: {{error}}{{/if}}B";
  EXPECT_EQ(Render(t, full), "A table acme.raw.orders error: boomB");
  EXPECT_EQ(Render(t, bare), "AB");
  EXPECT_EQ(Render("{{#if duration_ms}}took {{duration_ms}}{{/if}}", full), "took 1234");
  EXPECT_EQ(Render("{{#if duration_ms}}took {{duration_ms}}{{/if}}", bare), "");
  EXPECT_EQ(Render("{{#if metadata.check}}c{{/if}}{{#if metadata.passed}}p{{/if}}", full), "c");
  EXPECT_EQ(Render("{{#if metadata.empty}}e{{/if}}{{#if metadata.rows}}r{{/if}}", full), "r");
  EXPECT_EQ(Render("{{#if routing_key}}rk{{/if}}", bare, "x"), "rk");
  EXPECT_EQ(Render("{{#if routing_key}}rk{{/if}}", bare), "");
  EXPECT_EQ(Render("{{#if nothing}}x{{/if}}", full), "");
}

TEST(TemplateTest, NestedIfBlocks) {
  RunEvent full = FullEvent();
  RunEvent bare = BareEvent();
  const std::string t = "[{{#if table}}t{{#if error}}e{{/if}}T{{/if}}]";
  EXPECT_EQ(Render(t, full), "[teT]");
  bare.table = "x";
  EXPECT_EQ(Render(t, bare), "[tT]");
  bare.table.reset();
  bare.error = "y";
  EXPECT_EQ(Render(t, bare), "[]");
}

TEST(TemplateTest, MalformedTagsAreKeptOrDropped) {
  RunEvent e = BareEvent();
  EXPECT_EQ(Render("plain {text} only", e), "plain {text} only");
  EXPECT_EQ(Render("open {{pipeline", e), "open {{pipeline");
  EXPECT_EQ(Render("a{{/if}}b", e), "ab");  // a stray close renders nothing
  EXPECT_EQ(Render("{{#if pipeline}}unclosed {{pipeline}}", e), "unclosed p");
  EXPECT_EQ(Render(R"j({"a": {"b": 1}})j", e), R"j({"a": {"b": 1}})j");
}

// The preset bodies of runtime.md §12, rendered.
TEST(TemplateTest, SlackPreset) {
  auto t = PresetBodyTemplate(config::WebhookPreset::kSlack);
  ASSERT_TRUE(t);
  EXPECT_EQ(
      Render(*t, FullEvent()),
      R"j({"text": "Rocky on_materialize_error: pipeline raw (run run-20260407-100000-000) table acme.raw.orders error: boom"})j");
  EXPECT_EQ(Render(*t, BareEvent()),
            R"j({"text": "Rocky on_pipeline_start: pipeline p (run r1)"})j");
}

TEST(TemplateTest, TeamsPreset) {
  auto t = PresetBodyTemplate(config::WebhookPreset::kTeams);
  ASSERT_TRUE(t);
  EXPECT_EQ(
      Render(*t, FullEvent()),
      R"j({"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": "Rocky on_materialize_error", "text": "Rocky on_materialize_error: pipeline raw (run run-20260407-100000-000) table acme.raw.orders error: boom"})j");
  EXPECT_EQ(
      Render(*t, BareEvent()),
      R"j({"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": "Rocky on_pipeline_start", "text": "Rocky on_pipeline_start: pipeline p (run r1)"})j");
}

TEST(TemplateTest, PagerDutyPreset) {
  auto t = PresetBodyTemplate(config::WebhookPreset::kPagerDuty);
  ASSERT_TRUE(t);
  EXPECT_EQ(
      Render(*t, FullEvent(), "rk-1"),
      R"j({"routing_key": "rk-1", "event_action": "trigger", "payload": {"summary": "Rocky on_materialize_error in raw: boom", "source": "rocky", "severity": "error"}})j");
  EXPECT_EQ(
      Render(*t, BareEvent()),
      R"j({"routing_key": "", "event_action": "trigger", "payload": {"summary": "Rocky on_pipeline_start in p", "source": "rocky", "severity": "error"}})j");
}

TEST(TemplateTest, DatadogPreset) {
  auto t = PresetBodyTemplate(config::WebhookPreset::kDatadog);
  ASSERT_TRUE(t);
  EXPECT_EQ(
      Render(*t, FullEvent()),
      R"j({"title": "Rocky on_materialize_error", "text": "Rocky on_materialize_error: pipeline raw (run run-20260407-100000-000) table acme.raw.orders error: boom", "source_type_name": "rocky", "tags": ["pipeline:raw", "run_id:run-20260407-100000-000"]})j");
  EXPECT_EQ(
      Render(*t, BareEvent()),
      R"j({"title": "Rocky on_pipeline_start", "text": "Rocky on_pipeline_start: pipeline p (run r1)", "source_type_name": "rocky", "tags": ["pipeline:p", "run_id:r1"]})j");
}

TEST(TemplateTest, GenericPresetIsTheContextJson) {
  EXPECT_FALSE(PresetBodyTemplate(config::WebhookPreset::kGeneric));
  config::WebhookConfig hook;
  hook.url = "http://127.0.0.1:1/x";
  hook.preset = config::WebhookPreset::kGeneric;
  RunEvent e = FullEvent();
  EXPECT_EQ(WebhookBody(hook, e), e.ToJson().Dump());
  hook.preset.reset();
  EXPECT_EQ(WebhookBody(hook, e), e.ToJson().Dump());
}

TEST(TemplateTest, PresetBodiesAreValidJsonWithAwkwardValues) {
  RunEvent e = FullEvent();
  e.error = "line1\nline2 \"quoted\" \\";
  e.table = "t\"x";
  for (auto preset : {config::WebhookPreset::kSlack, config::WebhookPreset::kTeams,
                      config::WebhookPreset::kPagerDuty, config::WebhookPreset::kDatadog}) {
    std::string body = Render(*PresetBodyTemplate(preset), e, "rk\"");
    EXPECT_TRUE(Json::Parse(body)) << config::WebhookPresetName(preset) << ": " << body;
  }
}

TEST(TemplateTest, BodyTemplateWinsOverPreset) {
  config::WebhookConfig hook;
  hook.preset = config::WebhookPreset::kSlack;
  hook.body_template = R"j({"e": "{{event}}", "d": {{duration_ms}}})j";
  EXPECT_EQ(WebhookBody(hook, BareEvent()), R"j({"e": "on_pipeline_start", "d": null})j");
  hook.body_template.reset();
  hook.preset = config::WebhookPreset::kPagerDuty;
  hook.routing_key = Secret("rk-secret");
  EXPECT_NE(WebhookBody(hook, BareEvent()).find(R"j("routing_key": "rk-secret")j"),
            std::string::npos);
}

}  // namespace
}  // namespace rocky::runtime
