// json_schema_check SCHEMA_FILE < DOCUMENT: exit 0 when the document on stdin matches the schema,
// else prints each violation and exits 1. Used by the end-to-end CLI cases.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include "base/file.h"
#include "base/json.h"
#include "base/json_schema.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: json_schema_check SCHEMA_FILE < DOCUMENT\n");
    return 2;
  }
  auto schema_text = rocky::ReadFile(argv[1]);
  if (!schema_text) {
    std::fprintf(stderr, "%s\n", schema_text.error().message.c_str());
    return 2;
  }
  std::string doc_text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  auto schema = rocky::Json::Parse(*schema_text);
  auto doc = rocky::Json::Parse(doc_text);
  if (!schema || !doc) {
    std::fprintf(stderr, "invalid JSON input\n");
    return 2;
  }
  auto errors = rocky::ValidateJson(*doc, *schema);
  for (const auto& e : errors) std::printf("%s\n", e.c_str());
  return errors.empty() ? 0 : 1;
}
