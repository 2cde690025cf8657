// LoadModels in three steps. (1) One depth-first walk over the folder tree lists each folder's
// entries once, sorted by name; a folder's `_defaults.toml` is read and validated there, then
// inherits from its parent's effective defaults, giving the folder's Layer. (2) Each model file
// is read and configured on its own (its sidecar or frontmatter read alone, then inheriting from
// its folder's Layer), in parallel, each with its own diagnostics. (3) Names are checked,
// contracts attached, models sorted. No step looks at more than a folder or a model at a time,
// so the work is linear in the number of files.

#include "project/model_loader.h"

#include "base/parallel.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <thread>
#include <unordered_map>

#include "base/byte_codec.h"
#include "base/hash.h"
#include "base/memory.h"
#include "base/name_index.h"
#include "base/strings.h"
#include "project/model_cache.h"
#include "project/model_codec.h"
#include "project/model_sidecar.h"
#include "project/model_toml.h"
#include "sql/identifier.h"

namespace rocky::project {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDefaultsFile = "_defaults.toml";

// The whole file through a per-thread buffer: open, read until a short read (the end of a
// regular file), close. No stat and no stream machinery: this runs twice per model.
Result<std::string> ReadText(const std::string& path, int dir_fd = AT_FDCWD,
                             FileStamp* stamp = nullptr) {
  thread_local std::vector<char> buffer(64 * 1024);
  int fd = ::openat(dir_fd, path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorKind::kIo, "cannot read {}: {}", path, std::strerror(errno));
  if (stamp)
    if (auto s = StampOfOpenFile(fd)) *stamp = *s;
  std::string out;
  while (true) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Fail(ErrorKind::kIo, "cannot read {}: {}", path, std::strerror(err));
    }
    out.append(buffer.data(), static_cast<size_t>(n));
    if (static_cast<size_t>(n) < buffer.size()) break;
  }
  ::close(fd);
  return out;
}

// The effective `_defaults.toml` configuration of a folder.
struct Layer {
  ModelConfig config;   // every level, nearest first
  bool broken = false;  // a defaults file on the way could not be read or parsed
  /// Hash of the defaults texts on the way (0: not cacheable: broken or using `${NAME}`).
  uint64_t cache_key = 0;
};

struct Folder {
  std::string path;  // as loaded: models_dir / rel
  std::string rel;   // "" for the root, else "a/b"
  int layer = 0;
  int fd = -1;       // open while loading with a cache: files are stat'ed relative to it
};

struct ModelFile {
  int folder = 0;
  std::string file_name;
  size_t stem_length = 0;
  std::string_view stem() const { return std::string_view(file_name).substr(0, stem_length); }
  ModelKind kind = ModelKind::kSql;
  bool has_sidecar = false;
};

struct ContractFile {
  std::string path;
  std::string name;  // the model it names
  int folder = -1;   // -1: from --contracts DIR
};

// What loading one model file gave besides the model itself (which is written in place).
struct ModelSlot {
  bool present = false;  // false: the file could not be read
  std::vector<Diagnostic> diagnostics;
  uint64_t cache_key = 0;
};

// A file's content hash through the cache: the recorded one when the file is unchanged, else the
// file is read (and `text` kept so it is not read twice).
struct HashedFile {
  std::optional<uint64_t> hash;       // nullopt: unreadable
  std::optional<Result<std::string>> text;
};

HashedFile HashFile(ModelCache& cache, const std::string& path, int dir_fd,
                    const std::string& name) {
  HashedFile out;
  // A file hashed before: a stat tells whether it is unchanged.
  if (auto known = cache.Known(path)) {
    auto stamp = dir_fd >= 0 ? StampOf(name, dir_fd) : StampOf(path);
    if (!stamp) return out;
    if (cache.StillValid(*known, *stamp)) {
      out.hash = known->hash;
      return out;
    }
  }
  // Read it; the stamp comes from the open file, taken before the read.
  FileStamp stamp;
  out.text = ReadText(dir_fd >= 0 ? name : path, dir_fd, &stamp);
  if (!*out.text) {
    out.text.reset();  // read again by its full path, for the error message
    return out;
  }
  out.hash = ContentHash64(**out.text);
  cache.RecordHash(path, stamp, *out.hash);
  return out;
}

bool UsesSubstitution(std::string_view text) { return text.find("${") != std::string_view::npos; }

std::string JoinPath(const std::string& dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  std::string out = dir;
  if (out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

// Unsaved editor buffers of `dir` not on disk yet (new model files and sidecars) join `files`,
// the names listed there; folder defaults and contracts are read from disk only.
void AddUnsavedFiles(const std::map<std::string, std::string>& overlays, const std::string& dir,
                     std::vector<std::string>& files) {
  for (const auto& [path, text] : overlays) {
    std::string name = fs::path(path).filename().string();
    if (name.empty() || name[0] == '.' || name == kDefaultsFile || ContractModelName(name) ||
        !(EndsWith(name, ".sql") || EndsWith(name, ".rocky") || EndsWith(name, ".toml")) ||
        (fs::path(dir) / name).lexically_normal().string() != path ||
        std::find(files.begin(), files.end(), name) != files.end())
      continue;
    files.push_back(std::move(name));
  }
}

// Every issue of a reader: errors, then unknown keys.
void CollectIssues(const config::TomlDocumentReader& doc, std::vector<Diagnostic>& out) {
  for (const config::TomlIssue& e : doc.errors()) out.push_back(IssueDiagnostic(e));
  for (const config::TomlIssue& u : doc.UnknownKeys()) out.push_back(IssueDiagnostic(u));
}

class Loader {
 public:
  Loader(fs::path root, const ModelLoadOptions& options)
      : root_(std::move(root)), options_(options) {}
  ~Loader() {
    for (const Folder& f : folders_)
      if (f.fd >= 0) ::close(f.fd);
  }

  ModelLoad Run();

 private:
  void Walk();
  void ListFolder(int folder_index, std::vector<std::string>& subdirs);
  int ReadDefaults(const std::string& path, int parent_layer);
  void LoadOne(const ModelFile& file, Model& m, ModelSlot& slot) const;
  void Configure(const ModelFile& file, Result<std::string> text,
                 std::optional<Result<std::string>> sidecar_text, Model& m, ModelSlot& slot) const;
  void LoadAll(std::vector<Model>& models, std::vector<ModelSlot>& slots) const;
  void AttachContracts(const std::vector<Model*>& models,
                       const NameIndex& by_name,
                       const std::vector<int>& model_folders);

  fs::path root_;
  const ModelLoadOptions& options_;
  std::vector<Layer> layers_;
  std::vector<Folder> folders_;
  std::vector<ModelFile> files_;
  std::vector<ContractFile> contracts_;
  std::vector<Diagnostic> diagnostics_;
};

void Loader::Walk() {
  layers_.emplace_back();  // no defaults
  layers_.back().cache_key = ContentHasher().Add("no defaults").value();
  folders_.push_back(Folder{root_.string(), "", 0});
  std::vector<int> stack = {0};
  std::vector<std::string> subdirs;
  while (!stack.empty()) {
    int index = stack.back();
    stack.pop_back();
    subdirs.clear();
    ListFolder(index, subdirs);
    // Children go on the stack in reverse so that they are visited in name order.
    for (auto it = subdirs.rbegin(); it != subdirs.rend(); ++it) {
      const Folder& parent = folders_[index];
      Folder child;
      child.path = JoinPath(parent.path, *it);
      child.rel = JoinPath(parent.rel, *it);
      child.layer = parent.layer;
      folders_.push_back(std::move(child));
      stack.push_back(static_cast<int>(folders_.size()) - 1);
    }
  }
}

void Loader::ListFolder(int folder_index, std::vector<std::string>& subdirs) {
  const std::string dir = folders_[folder_index].path;
  std::vector<std::string> files;
  // readdir with d_type: no stat per entry unless the file system does not say the type.
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* listing = fd >= 0 ? ::fdopendir(fd) : nullptr;
  if (!listing) {
    if (fd >= 0) ::close(fd);
    diagnostics_.push_back(LoadError(
        fmt::format("cannot list {}: {}", dir, std::strerror(errno)), Span{dir, 0, 0, 0}));
    return;
  }
  while (const dirent* entry = ::readdir(listing)) {
    std::string name = entry->d_name;
    if (name.empty() || name[0] == '.') continue;
    unsigned char type = entry->d_type;
    struct stat st {};
    if (type == DT_UNKNOWN && ::fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : S_ISLNK(st.st_mode) ? DT_LNK : DT_UNKNOWN;
    if (type == DT_LNK) {
      // Symbolic links to folders are not followed; links to files are read.
      if (::fstatat(fd, entry->d_name, &st, 0) == 0 && S_ISREG(st.st_mode)) files.push_back(std::move(name));
    } else if (type == DT_DIR) {
      subdirs.push_back(std::move(name));
    } else if (type == DT_REG) {
      files.push_back(std::move(name));
    }
  }
  // The descriptor stays open while loading with a cache: model files are stat'ed relative to it.
  if (options_.cache) folders_[folder_index].fd = ::dup(fd);
  ::closedir(listing);
  if (options_.overlays) AddUnsavedFiles(*options_.overlays, dir, files);
  std::sort(files.begin(), files.end(),
            [](const std::string& a, const std::string& b) { return BytewiseLess(a, b); });
  std::sort(subdirs.begin(), subdirs.end());

  if (std::binary_search(files.begin(), files.end(), std::string(kDefaultsFile))) {
    int layer = ReadDefaults(JoinPath(dir, kDefaultsFile), folders_[folder_index].layer);
    folders_[folder_index].layer = layer;
  }

  // In name order, every name between `x.sql` (or `x.rocky`) and `x.toml` starts with `x.`, so a
  // model's sidecar and a sidecar's model are found by scanning that run of neighbours.
  auto in_run = [&files](size_t i, std::string_view stem) {
    return i < files.size() && files[i].size() > stem.size() && files[i][stem.size()] == '.' &&
           std::string_view(files[i]).starts_with(stem);
  };
  auto find_in_run = [&](size_t from, int step, std::string_view stem, std::string_view suffix) {
    for (size_t j = from; in_run(j, stem); j += step)
      if (files[j].size() == stem.size() + suffix.size() && std::string_view(files[j]).ends_with(suffix))
        return true;
    return false;
  };
  const size_t first_model = files_.size();
  std::vector<size_t> model_names;  // index in `files` of each model added
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& name = files[i];
    if (name == kDefaultsFile) continue;
    if (auto model = ContractModelName(name)) {
      contracts_.push_back(ContractFile{JoinPath(dir, name), std::move(*model), folder_index});
    } else if (EndsWith(name, ".toml")) {
      std::string_view stem = std::string_view(name).substr(0, name.size() - 5);
      if (find_in_run(i - 1, -1, stem, ".sql") || find_in_run(i - 1, -1, stem, ".rocky")) continue;
      Diagnostic d = LoadError(
          fmt::format("sidecar {}.toml has no model file ({}.sql or {}.rocky)", stem, stem, stem),
          Span{JoinPath(dir, name), 1, 0, 0});
      d.severity = Severity::kWarning;
      diagnostics_.push_back(std::move(d));
    } else if (EndsWith(name, ".sql") || EndsWith(name, ".rocky")) {
      bool sql = EndsWith(name, ".sql");
      ModelFile f;
      f.folder = folder_index;
      f.stem_length = name.size() - (sql ? 4 : 6);
      f.kind = sql ? ModelKind::kSql : ModelKind::kRocky;
      f.has_sidecar = find_in_run(i + 1, 1, std::string_view(name).substr(0, f.stem_length), ".toml");
      model_names.push_back(i);
      files_.push_back(std::move(f));
    }
  }
  for (size_t k = 0; k < model_names.size(); ++k)
    files_[first_model + k].file_name = std::move(files[model_names[k]]);
}

int Loader::ReadDefaults(const std::string& path, int parent_layer) {
  Layer layer;
  layer.broken = layers_[parent_layer].broken;
  std::optional<config::TomlValue> own;
  if (auto text = ReadText(path)) {
    own = ParseConfigText(*text, path, options_.env, diagnostics_);
    if (own && !UsesSubstitution(*text) && layers_[parent_layer].cache_key != 0)
      layer.cache_key = ContentHasher().U64(layers_[parent_layer].cache_key).Add(*text).value();
  } else {
    diagnostics_.push_back(LoadError(text.error().message, Span{path, 1, 0, 0}));
  }
  if (own) {
    config::TomlDocumentReader doc(*own, path);
    ReadModelConfig(doc.Root(), ConfigLevel::kDefaults, layer.config);
    CollectIssues(doc, diagnostics_);
  } else {
    layer.broken = true;
  }
  InheritConfig(layer.config, layers_[parent_layer].config);
  layers_.push_back(std::move(layer));
  return static_cast<int>(layers_.size()) - 1;
}

void Loader::LoadOne(const ModelFile& file, Model& m, ModelSlot& slot) const {
  const Folder& folder = folders_[file.folder];
  const std::string path = JoinPath(folder.path, file.file_name);
  const std::string sidecar_name = file.has_sidecar ? std::string(file.stem()) + ".toml" : "";
  const std::string sidecar = file.has_sidecar ? JoinPath(folder.path, sidecar_name) : "";
  if (options_.overlays && !options_.overlays->empty()) {
    auto overlay = [&](const std::string& p) -> std::optional<std::string> {
      auto it = options_.overlays->find(std::filesystem::path(p).lexically_normal().string());
      if (it == options_.overlays->end()) return std::nullopt;
      return it->second;
    };
    auto model_text = overlay(path);
    auto sidecar_text = file.has_sidecar ? overlay(sidecar) : std::nullopt;
    if (model_text || sidecar_text)
      return Configure(file, model_text ? Result<std::string>(*model_text) : ReadText(path),
                       file.has_sidecar ? std::optional(sidecar_text
                                                            ? Result<std::string>(*sidecar_text)
                                                            : ReadText(sidecar))
                                        : std::nullopt,
                       m, slot);
  }
  ModelCache* cache = options_.cache;
  const uint64_t layer_key = layers_[folder.layer].cache_key;
  if (!cache || layer_key == 0)
    return Configure(file, ReadText(path),
                     file.has_sidecar ? std::optional(ReadText(sidecar)) : std::nullopt, m, slot);

  HashedFile model_file = HashFile(*cache, path, folder.fd, file.file_name);
  HashedFile sidecar_file;
  if (file.has_sidecar) sidecar_file = HashFile(*cache, sidecar, folder.fd, sidecar_name);
  uint64_t key = 0;
  if (model_file.hash && (!file.has_sidecar || sidecar_file.hash)) {
    key = ContentHasher()
              .Add("model")
              .U64(layer_key)
              .Add(path)
              .Add(folder.rel)
              .U64(*model_file.hash)
              .U64(file.has_sidecar ? *sidecar_file.hash : 0)
              .value();
    if (auto bytes = cache->Find(CacheRecord::kModel, key)) {
      if (DecodeLoadedModel(*bytes, m, slot.present, slot.diagnostics)) {
        slot.cache_key = key;
        return;
      }
      m = Model{};
      slot = ModelSlot{};
    }
  }
  auto text = model_file.text ? std::move(*model_file.text) : ReadText(path);
  std::optional<Result<std::string>> sidecar_text;
  if (file.has_sidecar)
    sidecar_text = sidecar_file.text ? std::move(*sidecar_file.text) : ReadText(sidecar);
  // `${NAME}` values come from the environment, which is not part of the key.
  const bool cacheable = key != 0 && text && !UsesSubstitution(*text) &&
                         (!sidecar_text || (*sidecar_text && !UsesSubstitution(**sidecar_text)));
  Configure(file, std::move(text), std::move(sidecar_text), m, slot);
  if (cacheable) {
    cache->Put(CacheRecord::kModel, key,
               EncodeLoadedModel(slot.present ? &m : nullptr, slot.diagnostics));
    slot.cache_key = key;
  }
}

void Loader::Configure(const ModelFile& file, Result<std::string> text,
                       std::optional<Result<std::string>> sidecar_text, Model& m,
                       ModelSlot& slot) const {
  auto& diags = slot.diagnostics;
  const Folder& folder = folders_[file.folder];
  const Layer& layer = layers_[folder.layer];
  m.kind = file.kind;
  m.path = JoinPath(folder.path, file.file_name);
  m.relative_path = JoinPath(folder.rel, file.file_name);
  m.spans.file = Span{m.path, 1, 0, 0};

  if (!text) {
    diags.push_back(LoadError(text.error().message, m.spans.file));
    return;  // not present
  }

  std::string_view body = *text;
  int body_line = 1;
  std::optional<std::string> frontmatter;
  if (file.kind == ModelKind::kSql) {
    ModelFileParts parts = SplitFrontmatter(*text);
    if (parts.error) diags.push_back(LoadError(*parts.error, m.spans.file));
    frontmatter = std::move(parts.frontmatter);
    body = parts.body;
    body_line = parts.body_line;
  }

  // The model's own configuration file: sidecar, else frontmatter.
  std::optional<config::TomlValue> own;
  bool own_failed = false;
  if (file.has_sidecar) {
    std::string sidecar = JoinPath(folder.path, std::string(file.stem()) + ".toml");
    if (frontmatter)
      diags.push_back(LoadError(fmt::format("model file {} has ---toml frontmatter and a sidecar "
                                            "{}.toml; keep one of them",
                                            m.relative_path, file.stem()),
                                m.spans.file));
    m.config_path = sidecar;
    if (sidecar_text && *sidecar_text) {
      own = ParseConfigText(**sidecar_text, sidecar, options_.env, diags);
    } else if (sidecar_text) {
      diags.push_back(LoadError(sidecar_text->error().message, Span{sidecar, 1, 0, 0}));
    }
    own_failed = !own;
  } else if (frontmatter) {
    m.config_path = m.path;
    own = ParseConfigText(*frontmatter, m.path, options_.env, diags);
    own_failed = !own;
  }
  if (m.config_path) m.spans.config = Span{*m.config_path, 1, 0, 0};
  const Span& home = m.config_path ? m.spans.config : m.spans.file;

  ModelConfig c;
  bool own_options = false;  // format options written by this model's own file
  if (own) {
    config::TomlDocumentReader doc(*own, *m.config_path);
    ReadModelConfig(doc.Root(), ConfigLevel::kModel, c);
    CollectIssues(doc, diags);
    own_options = !c.format_options.empty();
    InheritConfig(c, layer.config);
  } else {
    c = layer.config;
  }

  // Names and target (§1 inference).
  if (c.name) {
    m.name = *c.name;
    m.spans.name = c.name_span;
  } else {
    m.name = file.stem();
    // A `name` that was written but is invalid has been reported already.
    if (c.name_span.line == 0 && !own_failed && !sql::IsValidIdentifier(file.stem())) {
      auto invalid = sql::ValidateIdentifier(file.stem());
      diags.push_back(
          LoadError(fmt::format("{} (model name from the file name; set `name` in a sidecar)",
                                invalid.error().message),
                    m.spans.file));
    }
  }
  m.target.table = c.table.value_or(m.name);
  if (c.table) m.spans.target_table = c.table_span;
  const bool unknown = own_failed || layer.broken;
  if (c.catalog) {
    m.target.catalog = *c.catalog;
  } else if (!unknown && c.catalog_span.line == 0) {
    diags.push_back(LoadError(fmt::format("model '{}' is missing target.catalog (set it in the "
                                          "sidecar or in _defaults.toml)",
                                          m.name),
                              home));
  }
  if (c.schema) {
    m.target.schema = *c.schema;
  } else if (!unknown && c.schema_span.line == 0) {
    diags.push_back(LoadError(fmt::format("model '{}' is missing target.schema (set it in the "
                                          "sidecar or in _defaults.toml)",
                                          m.name),
                              home));
  }

  if (c.strategy) m.strategy = std::move(*c.strategy);
  m.spans.strategy = std::move(c.strategy_span);
  if (c.depends_on) {
    m.depends_on = std::move(*c.depends_on);
    m.depends_on_given = true;
    m.spans.depends_on = std::move(c.depends_on_span);
    m.spans.depends_on_items = std::move(c.depends_on_items);
  }
  m.sources = std::move(c.sources);
  m.intent = std::move(c.intent);
  m.freshness = c.freshness;
  m.tests = std::move(c.tests);
  m.format = c.format.value_or(TableFormat::kTable);
  m.format_options = std::move(c.format_options);

  // format and format_options need full_refresh (§5.1). Written in the model's own file with
  // another strategy, they are an error; inherited from a `_defaults.toml`, they do not apply.
  if (m.strategy.type() != StrategyType::kFullRefresh) {
    const char* strategy = m.strategy.TypeName();
    if (m.format != TableFormat::kTable) {
      if (c.format_span.file == home.file) {
        Diagnostic d = LoadError(fmt::format("model '{}': format '{}' requires strategy "
                                             "full_refresh (strategy is '{}')",
                                             m.name, TableFormatName(m.format), strategy),
                                 c.format_span);
        diags.push_back(std::move(d));
      }
      m.format = TableFormat::kTable;
    }
    if (!m.format_options.empty()) {
      if (own_options) {
        diags.push_back(LoadError(fmt::format("model '{}': [format_options] requires strategy "
                                              "full_refresh (strategy is '{}')",
                                              m.name, strategy),
                                  c.format_options_span));
      }
      m.format_options = FormatOptions{};
    }
  }

  if (file.kind == ModelKind::kSql) {
    m.spans.body = Span{m.path, body_line, 1, 0};
    m.text = NormalizeSqlText(body, body_line, m.spans.body);
  } else {
    m.text = std::move(*text);
    m.spans.body = Span{m.path, 1, 1, static_cast<int>(m.text.size())};
  }
  for (Diagnostic& d : diags)
    if (!d.model) d.model = m.name;
  slot.present = true;
}

void Loader::LoadAll(std::vector<Model>& models, std::vector<ModelSlot>& slots) const {
  models.resize(files_.size());
  slots.resize(files_.size());
  // Small trees are not worth a thread.
  ParallelFor(files_.size(), ThreadsFor(files_.size(), options_.threads, 256), 64,
              [&](size_t begin, size_t end) {
                for (size_t i = begin; i < end; ++i) LoadOne(files_[i], models[i], slots[i]);
              });
}

void Loader::AttachContracts(const std::vector<Model*>& models,
                             const NameIndex& by_name,
                             const std::vector<int>& model_folders) {
  std::vector<std::optional<ContractFile>> chosen(models.size());
  std::vector<std::string> unknown;
  auto consider = [&](ContractFile contract) {
    auto found = by_name.Find(contract.name);
    if (!found) {
      unknown.push_back(contract.path);
      return;
    }
    size_t index = *found;
    if (contract.folder >= 0 && model_folders[index] != contract.folder) {
      Diagnostic d;
      d.severity = Severity::kWarning;
      d.code = "W011";
      d.message = fmt::format(
          "contract file for model '{}' is not next to the model ({}); it is not attached",
          models[index]->name, models[index]->relative_path);
      d.span = Span{contract.path, 1, 0, 0};
      d.model = models[index]->name;
      diagnostics_.push_back(std::move(d));
      return;
    }
    // --contracts DIR comes after the tree, so it wins.
    chosen[index] = std::move(contract);
  };
  for (ContractFile& c : contracts_) consider(std::move(c));
  if (options_.contracts_dir) {
    std::string dir = options_.contracts_dir->string();
    std::error_code ec;
    if (!fs::is_directory(*options_.contracts_dir, ec)) {
      diagnostics_.push_back(
          LoadError(fmt::format("contracts directory not found: {}", dir), Span{dir, 0, 0, 0}));
    } else {
      std::vector<std::string> names;
      for (fs::directory_iterator it(*options_.contracts_dir, ec), end; !ec && it != end;
           it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!name.empty() && name[0] != '.' && ContractModelName(name)) names.push_back(name);
      }
      std::sort(names.begin(), names.end());
      for (const std::string& name : names)
        consider(ContractFile{JoinPath(dir, name), *ContractModelName(name), -1});
    }
  }
  auto warnings = CheckContractModels(unknown, [](std::string_view) { return false; });
  diagnostics_.insert(diagnostics_.end(), warnings.begin(), warnings.end());

  for (size_t i = 0; i < models.size(); ++i) {
    if (!chosen[i]) continue;
    ContractLoad load = LoadContractFile(chosen[i]->path, options_.env);
    for (Diagnostic& d : load.diagnostics) {
      d.model = models[i]->name;
      diagnostics_.push_back(std::move(d));
    }
    if (load.contract) {
      models[i]->contract = std::make_shared<const Contract>(std::move(*load.contract));
      models[i]->contract_source =
          chosen[i]->folder >= 0 ? ContractSource::kAuto : ContractSource::kExplicit;
    }
  }
}

ModelLoad Loader::Run() {
  ModelLoad out;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) {
    out.diagnostics.push_back(
        LoadError(fmt::format("models directory not found: {}", root_.string()),
                  Span{root_.string(), 0, 0, 0}));
    return out;
  }
  Walk();
  // Loading a large project mostly from the compile cache (a warm compile after an edit) is
  // dominated by page faults on the tens of megabytes it allocates in small pieces: huge pages
  // make it much faster. A cold load keeps small pages, which hold its larger peak tighter.
  constexpr size_t kHugePagesFrom = 2000;  // model files
  if (files_.size() >= kHugePagesFrom && options_.cache &&
      options_.cache->known_files() >= files_.size())
    UseHugePagesForHeap();
  std::vector<Model> loaded;
  std::vector<ModelSlot> slots;
  LoadAll(loaded, slots);

  // Models are written in place and moved only when some are dropped or out of name order.
  std::vector<Model*> models;
  std::vector<size_t> kept;  // indexes into `loaded`
  std::vector<int> model_folders;
  NameIndex by_name;
  models.reserve(loaded.size());
  kept.reserve(loaded.size());
  by_name.Reserve(loaded.size());
  for (size_t i = 0; i < loaded.size(); ++i) {
    for (Diagnostic& d : slots[i].diagnostics) diagnostics_.push_back(std::move(d));
    if (!slots[i].present) continue;
    Model& m = loaded[i];
    auto [first_index, inserted] = by_name.Insert(m.name, static_cast<uint32_t>(models.size()));
    if (!inserted) {
      const Model& first = *models[first_index];
      Span at = m.name_written() ? m.spans.name : m.spans.file;
      Diagnostic d = LoadError(fmt::format("duplicate model name '{}': {} and {}", m.name,
                                           first.relative_path, m.relative_path),
                               at);
      d.model = m.name;
      diagnostics_.push_back(std::move(d));
      continue;
    }
    model_folders.push_back(files_[i].folder);
    kept.push_back(i);
    models.push_back(&m);
  }
  AttachContracts(models, by_name, model_folders);

  if (models.empty() && loaded.empty())
    diagnostics_.push_back(LoadError(fmt::format("no models found in {}", root_.string()),
                                     Span{root_.string(), 0, 0, 0}));
  auto by_model_name = [&](size_t a, size_t b) { return loaded[a].name < loaded[b].name; };
  if (kept.size() == loaded.size() && std::is_sorted(kept.begin(), kept.end(), by_model_name)) {
    out.models = std::move(loaded);
    out.cache_keys.reserve(slots.size());
    for (const ModelSlot& slot : slots) out.cache_keys.push_back(slot.cache_key);
  } else {
    // In place: a second vector of every model would be the peak of a warm compile. Drop the
    // models not kept (`kept` ascends, so nothing unread is overwritten), then put the rest in
    // name order, one permutation cycle at a time.
    std::vector<uint64_t> keys(kept.size());
    for (size_t j = 0; j < kept.size(); ++j) {
      if (kept[j] != j) loaded[j] = std::move(loaded[kept[j]]);
      keys[j] = slots[kept[j]].cache_key;
    }
    loaded.erase(loaded.begin() + static_cast<std::ptrdiff_t>(kept.size()), loaded.end());
    std::vector<size_t> order(loaded.size());  // order[k]: the model that goes to position k
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), by_model_name);
    out.cache_keys.resize(order.size());
    for (size_t k = 0; k < order.size(); ++k) out.cache_keys[k] = keys[order[k]];
    for (size_t start = 0; start < order.size(); ++start) {
      if (order[start] == start) continue;
      Model held = std::move(loaded[start]);
      size_t k = start;
      while (order[k] != start) {
        const size_t next = order[k];
        loaded[k] = std::move(loaded[next]);
        order[k] = k;
        k = next;
      }
      loaded[k] = std::move(held);
      order[k] = k;
    }
    out.models = std::move(loaded);
  }
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     static const std::string kNone;
                     const std::string& fa = a.span ? a.span->file : kNone;
                     const std::string& fb = b.span ? b.span->file : kNone;
                     if (fa != fb) return fa < fb;
                     int la = a.span ? a.span->line : 0, lb = b.span ? b.span->line : 0;
                     if (la != lb) return la < lb;
                     return (a.span ? a.span->col : 0) < (b.span ? b.span->col : 0);
                   });
  out.diagnostics = std::move(diagnostics_);
  return out;
}

std::string Stem(std::string_view relative_path) {
  size_t slash = relative_path.find_last_of('/');
  std::string_view name =
      slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
  size_t dot = name.find_last_of('.');
  return std::string(dot == std::string_view::npos ? name : name.substr(0, dot));
}

Diagnostic Lint(const char* code, std::string message, std::optional<Span> span,
                std::optional<std::string> model) {
  Diagnostic d;
  d.severity = Severity::kInfo;
  d.code = code;
  d.message = std::move(message);
  d.span = std::move(span);
  d.model = std::move(model);
  return d;
}

}  // namespace

std::optional<size_t> ModelLoad::Find(std::string_view name) const {
  for (size_t i = 0; i < models.size(); ++i)
    if (EqualsIgnoreCase(models[i].name, name)) return i;
  return std::nullopt;
}

ModelLoad LoadModels(const std::filesystem::path& models_dir, const ModelLoadOptions& options) {
  return Loader(models_dir, options).Run();
}

std::vector<Diagnostic> LintModels(const std::vector<Model>& models) {
  std::vector<Diagnostic> out;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> groups;
  for (const Model& m : models) {
    if (m.name_written() && m.name == Stem(m.relative_path))
      out.push_back(Lint("L001",
                         fmt::format("name '{}' equals the file stem and can be left out", m.name),
                         m.spans.name, m.name));
    if (m.table_written() && m.target.table == m.name)
      out.push_back(
          Lint("L002",
               fmt::format("target.table '{}' equals the model name and can be left out", m.name),
               m.spans.target_table, m.name));
    if (m.contract_source == ContractSource::kAuto)
      out.push_back(Lint(
          "L008",
          fmt::format("model '{}' uses the auto-discovered contract {}", m.name, m.contract->path),
          Span{m.contract->path, 1, 0, 0}, m.name));
    groups[{m.target.catalog, m.target.schema}].push_back(m.name);
  }
  for (const auto& [key, names] : groups) {
    if (names.size() < 2) continue;
    std::string where = key.first.empty() ? key.second : key.first + "." + key.second;
    constexpr size_t kShown = 5;
    std::vector<std::string> shown(
        names.begin(), names.begin() + static_cast<long>(std::min(kShown, names.size())));
    std::string list = Join(shown, ", ");
    if (names.size() > kShown) list += fmt::format(" and {} more", names.size() - kShown);
    out.push_back(
        Lint("L003", fmt::format("{} models share {}: {}", names.size(), where, list), {}, {}));
  }
  return out;
}

}  // namespace rocky::project
