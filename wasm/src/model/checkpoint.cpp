#include "checkpoint.h"

#include <cstdlib>

#include "../io/json.h"
#include "../io/safetensors.h"
#include "config_json.h"
#include "params.h"

namespace er {

namespace {
constexpr const char* kFormat = "examrule-gpt/1";

st::File to_file(const Checkpoint& c) {
  st::File f;
  for (const TensorInfo& t : param_layout(c.config.model)) {
    st::Tensor x;
    x.shape.assign(t.shape.begin(), t.shape.end());
    x.data.assign(c.params.begin() + t.offset, c.params.begin() + t.offset + t.size);
    f.tensors[t.name] = std::move(x);
  }
  json::Value vocab = jv::arr();
  for (const std::string& w : c.vocab) vocab.arr.push_back(jv::str(w));
  f.metadata["format"] = kFormat;
  f.metadata["config"] = config_to_json(c.config);
  f.metadata["vocab"] = json::write(vocab);
  f.metadata["break"] = break_name(c.brk);
  f.metadata["step"] = std::to_string(c.step);
  return f;
}

bool from_file(const st::File& f, const std::vector<std::string>& expected_vocab, Checkpoint* out,
               std::string* error) {
  auto meta = [&](const char* key) -> const std::string* {
    auto it = f.metadata.find(key);
    return it == f.metadata.end() ? nullptr : &it->second;
  };
  const std::string* format = meta("format");
  if (!format || *format != kFormat) {
    *error = std::string("not an examrule checkpoint (metadata \"format\" must be \"") + kFormat + "\")";
    return false;
  }
  Checkpoint c;
  const std::string* cfg = meta("config");
  std::string e;
  if (!cfg || !config_from_json(*cfg, &c.config, &e)) {
    *error = "checkpoint config: " + (cfg ? e : std::string("missing"));
    return false;
  }
  const std::string* vocab = meta("vocab");
  json::Value v;
  if (!vocab || !json::parse(*vocab, &v, &e) || v.type != json::Value::Array) {
    *error = "checkpoint vocab: missing or not a JSON array";
    return false;
  }
  for (const json::Value& w : v.arr) {
    if (w.type != json::Value::String) {
      *error = "checkpoint vocab: every entry must be a string";
      return false;
    }
    c.vocab.push_back(w.str);
  }
  if (int(c.vocab.size()) != c.config.model.V) {
    *error = "checkpoint vocab has " + std::to_string(c.vocab.size()) + " words but vocab_size is " +
             std::to_string(c.config.model.V);
    return false;
  }
  if (!expected_vocab.empty() && c.vocab != expected_vocab) {
    *error = "checkpoint vocabulary differs from this engine's corpus";
    return false;
  }
  const std::string* brk = meta("break");
  if (brk && !parse_break(*brk, &c.brk)) {
    *error = "checkpoint break: unknown name \"" + *brk + "\"";
    return false;
  }
  const std::string* step = meta("step");
  if (step) {
    char* end = nullptr;
    const long s = std::strtol(step->c_str(), &end, 10);
    if (step->empty() || *end != '\0' || s < 0 || s > 100000000) {
      *error = "checkpoint step: not a non-negative integer";
      return false;
    }
    c.step = int(s);
  }
  const std::vector<TensorInfo> layout = param_layout(c.config.model);
  c.params.assign(param_count(c.config.model), 0.0f);
  for (const TensorInfo& t : layout) {
    auto it = f.tensors.find(t.name);
    if (it == f.tensors.end()) {
      *error = "checkpoint lacks tensor " + t.name;
      return false;
    }
    const std::vector<int64_t> want(t.shape.begin(), t.shape.end());
    if (it->second.shape != want) {
      *error = "checkpoint tensor " + t.name + " has the wrong shape";
      return false;
    }
    std::copy(it->second.data.begin(), it->second.data.end(), c.params.begin() + t.offset);
  }
  if (f.tensors.size() != layout.size()) {
    *error = "checkpoint has tensors this model does not know";
    return false;
  }
  *out = std::move(c);
  return true;
}
}  // namespace

std::string checkpoint_bytes(const Checkpoint& c) { return st::serialize(to_file(c)); }

bool save_checkpoint(const std::string& path, const Checkpoint& c, std::string* error) {
  return st::write(path, to_file(c), error);
}

bool parse_checkpoint(const std::string& bytes, const std::vector<std::string>& expected_vocab,
                      Checkpoint* out, std::string* error) {
  st::File f;
  return st::parse(bytes, &f, error) && from_file(f, expected_vocab, out, error);
}

bool load_checkpoint(const std::string& path, const std::vector<std::string>& expected_vocab,
                     Checkpoint* out, std::string* error) {
  st::File f;
  return st::read(path, &f, error) && from_file(f, expected_vocab, out, error);
}

}  // namespace er
