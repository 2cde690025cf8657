# Rocky build entry points. Every target installs what is missing first (scripts/setup.sh is
# idempotent and fast when everything is present).
BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)

.PHONY: all setup configure build test demo demo-databricks bench clean test-asan fuzz fuzz-lang vscode docs

all: build

setup:
	@bash scripts/setup.sh

$(BUILD_DIR)/build.ninja:
	@bash scripts/setup.sh
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null

configure: $(BUILD_DIR)/build.ninja

build: setup configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

demo: build
	@bash scripts/demo.sh

# The databricks-fivetran project against the Databricks and Fivetran emulators (no account).
demo-databricks: build
	@python3 scripts/demo_databricks.py $(BUILD_DIR)

bench: build
	@bash bench/run.sh

# The VS Code extension (editors/vscode): typecheck, bundle, package $(BUILD_DIR)/rocky-vscode.vsix.
# Offline: the npm packages come from scripts/setup.sh, vsce runs without dependency listing.
VSCODE_DIR := editors/vscode
# The documentation site: docs/site plus reference pages generated from the binary, built by
# Debian's mkdocs and mkdocs-material into $(BUILD_DIR)/site (--strict: any warning fails), with
# an offline search index so the site works from the file system.
docs: build
	@bash docs/build_site.sh $(BUILD_DIR)
	@echo "docs: open $(BUILD_DIR)/site/index.html"

vscode: setup
	@cd $(VSCODE_DIR) && node_modules/.bin/tsc -p .
	@cd $(VSCODE_DIR) && node_modules/.bin/esbuild src/extension.ts --bundle --platform=node \
	  --format=cjs --target=node18 --external:vscode --minify --outfile=dist/extension.js --log-level=warning
	@mkdir -p $(BUILD_DIR)
	@cd $(VSCODE_DIR) && node_modules/.bin/vsce package --no-dependencies --allow-missing-repository \
	  --out $(abspath $(BUILD_DIR))/rocky-vscode.vsix

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (own build folder).
ASAN_DIR ?= build-asan
test-asan: setup
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
	  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS)
	@cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -R '_test$$'

# libFuzzer over the SQL lexer, parser and printer (clang 14; FUZZ_SECONDS, default 600).
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 600
SQL_FUZZ_SOURCES = $(filter-out %_test.cc src/sql/identifier.cc,$(wildcard src/sql/*.cc)) \
  src/base/strings.cc src/base/diagnostic.cc
fuzz: setup
	@mkdir -p $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds
	clang++-14 -std=c++2b -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -Isrc fuzz/sql_fuzz.cc $(SQL_FUZZ_SOURCES) -lfmt -o $(FUZZ_DIR)/sql_fuzz
	@i=0; while IFS= read -r line; do i=$$((i+1)); printf '\000%s' "$$line" > $(FUZZ_DIR)/seeds/id$$i; \
	  done < tests/corpora/sql/identity.sql; \
	  for d in 1 2 3; do printf "\\$$d" | cat - tests/corpora/sql/tpc-h.sql > $(FUZZ_DIR)/seeds/tpch$$d; done
	$(FUZZ_DIR)/sql_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -max_len=8192 -dict=fuzz/sql.dict $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds

# libFuzzer over the .rocky front end: lexer, parser, lowering, SQL printing, formatter (same
# compiler and options as `fuzz`). Seeds: every golden case and formatter case of tests/lang.
LANG_FUZZ_SOURCES = $(filter-out %_test.cc,$(wildcard src/lang/*.cc)) $(SQL_FUZZ_SOURCES)
fuzz-lang: setup
	@mkdir -p $(FUZZ_DIR)/lang-corpus $(FUZZ_DIR)/lang-seeds
	clang++-14 -std=c++2b -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	  -Isrc fuzz/lang_fuzz.cc $(LANG_FUZZ_SOURCES) -lfmt -o $(FUZZ_DIR)/lang_fuzz
	@awk -v dir=$(FUZZ_DIR)/lang-seeds '/^--- rocky/ { n++; f = sprintf("%s/case%d", dir, n); \
	  printf "%c", n % 4 + 1 > f; p = 1; next } /^(---|===)/ { if (p) close(f); p = 0 } \
	  p { print >> f }' tests/lang/lower/*.test
	@i=0; for f in tests/lang/fmt/*.rocky; do i=$$((i+1)); printf '\001' | cat - $$f > $(FUZZ_DIR)/lang-seeds/fmt$$i; done
	$(FUZZ_DIR)/lang_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -max_len=8192 -dict=fuzz/lang.dict $(FUZZ_DIR)/lang-corpus $(FUZZ_DIR)/lang-seeds

clean:
	rm -rf $(BUILD_DIR)
