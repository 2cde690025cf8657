// The embedded dashboard page is the assembled dashboard.html, byte for byte, and is one
// self-contained document: every include marker replaced, the docs data marker present once.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "server/web/dashboard_page.h"

namespace {

std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t Count(std::string_view text, std::string_view needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(WebPage, EmbedsTheAssembledPage) {
  std::string_view page = rocky::server::web::DashboardPage();
  EXPECT_EQ(page, ReadFile(ROCKY_DASHBOARD_HTML));
  EXPECT_TRUE(page.starts_with("<!doctype html>"));
  EXPECT_EQ(page.data()[page.size()], '\0');
}

TEST(WebPage, IsSelfContained) {
  std::string_view page = rocky::server::web::DashboardPage();
  EXPECT_EQ(Count(page, "/*@include"), 0u);
  EXPECT_EQ(Count(page, "<!--rocky-data-->"), 1u);
  EXPECT_EQ(Count(page, "<script"), 1u);
  EXPECT_EQ(Count(page, "src=\"http"), 0u);
  EXPECT_EQ(Count(page, "href=\"http"), 0u);
  EXPECT_EQ(Count(page, "@import"), 0u);
}

}  // namespace
