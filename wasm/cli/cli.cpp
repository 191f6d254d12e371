#include "cli.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "io/json.h"
#include "model/checkpoint.h"
#include "model/config_json.h"
#include "model/probes.h"
#include "model/run.h"
#include "model/sample.h"

namespace er::cli {
namespace {

constexpr int kBad = 2;  // exit code for every user error
constexpr const char* kUsage =
    "usage: examrule config | corpus | train | eval | sample | logits | causality [flags] "
    "(examrule help lists the flags)";
constexpr const char* kHelp = R"(examrule: the Exam Rule mini-GPT (see wasm/README.md)
  examrule config                                   default config as JSON
  examrule corpus [--sample N] [--seed S]           N sentences of the corpus (default 10)
  examrule corpus --entropy                         {"entropy_floor": H}
  examrule train [--config F.json] [--break NAME] [--steps N] [--seed S]
                 [--metrics OUT.jsonl] [--save OUT.safetensors]   one JSON line per step
  examrule eval --load F.safetensors                {"val_loss":..,"val_loss_ar":..}
  examrule sample --load F.safetensors [--prompt "yo"] [--n 10] [--seed S]
                  [--temperature 1] [--top-k 0]     {"samples":[..],"grammatical":[..]}
  examrule logits --load F.safetensors --tokens 3,1,4,1,5         {"logits":[[..],..]}
  examrule causality [--break NAME] [--T 32] [--seed S]           perturbation sweep
Exit code 2 on bad arguments, config or files. Breaks: )";

int fail(std::ostream& err, const std::string& msg) {
  err << "examrule: " << msg << "\n";
  return kBad;
}

// The flags after the command: `--name value` pairs and bare switches, each at most once.
struct Flags {
  std::map<std::string, std::string> values;
  std::set<std::string> switches;
  bool has(const std::string& f) const { return values.count(f) || switches.count(f); }
  const std::string& at(const std::string& f) const { return values.at(f); }
};

bool parse_flags(const std::vector<std::string>& a, const std::set<std::string>& value_flags,
                 const std::set<std::string>& switch_flags, Flags* out, std::string* error) {
  for (size_t i = 1; i < a.size(); ++i) {
    const std::string& f = a[i];
    if (out->has(f)) {
      *error = "flag " + f + " given twice";
      return false;
    }
    if (switch_flags.count(f)) {
      out->switches.insert(f);
    } else if (value_flags.count(f)) {
      if (i + 1 >= a.size()) {
        *error = "flag " + f + " needs a value";
        return false;
      }
      out->values[f] = a[++i];
    } else {
      *error = "unknown argument \"" + f + "\" for " + a[0];
      return false;
    }
  }
  return true;
}

// Whole-string integer / number in [lo, hi]; the message names the flag.
bool to_int(const std::string& flag, const std::string& s, long long lo, long long hi,
            long long* out, std::string* error) {
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
    *error = flag + " must be an integer between " + std::to_string(lo) + " and " +
             std::to_string(hi) + ", got \"" + s + "\"";
    return false;
  }
  *out = v;
  return true;
}

bool to_float(const std::string& flag, const std::string& s, double lo, double hi, double* out,
              std::string* error) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi) {
    std::ostringstream m;
    m << flag << " must be a number between " << lo << " and " << hi << ", got \"" << s << "\"";
    *error = m.str();
    return false;
  }
  *out = v;
  return true;
}

bool read_file(const std::string& path, std::string* bytes, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::ostringstream s;
  s << in.rdbuf();
  *bytes = s.str();
  return true;
}

bool get_break(const Flags& f, Break* b, std::string* error) {
  *b = Break::healthy;
  if (!f.has("--break")) return true;
  if (parse_break(f.at("--break"), b)) return true;
  *error = "unknown break \"" + f.at("--break") + "\" (one of: " + break_names() + ")";
  return false;
}

bool get_seed(const Flags& f, uint32_t* seed, std::string* error) {
  long long s = 0;
  if (f.has("--seed") && !to_int("--seed", f.at("--seed"), 0, 4294967295LL, &s, error)) return false;
  *seed = uint32_t(s);
  return true;
}

// A run rebuilt from --load, or null with *error set.
std::unique_ptr<Run> load_run(const Flags& f, std::string* error) {
  if (!f.has("--load")) {
    *error = "--load F.safetensors is required";
    return nullptr;
  }
  Checkpoint c;
  std::string e;
  if (!load_checkpoint(f.at("--load"), shared_corpus().vocab(), &c, &e)) {
    *error = f.at("--load") + ": " + e;
    return nullptr;
  }
  return Run::from_checkpoint(c, error);
}

json::Value num(double x) {
  json::Value v;
  v.type = json::Value::Number;
  v.num = x;
  return v;
}

// ---- the commands ----------------------------------------------------------------------

int cmd_config(std::ostream& out) {
  Config c;
  c.model.V = shared_corpus().vocab_size();
  out << config_to_json(c) << "\n";
  return 0;
}

int cmd_corpus(const Flags& f, std::ostream& out, std::ostream& err) {
  const Corpus& corpus = shared_corpus();
  std::string e;
  if (f.has("--entropy")) {
    if (f.has("--sample")) return fail(err, "use either --sample or --entropy");
    json::Value o;
    o.type = json::Value::Object;
    o.obj["entropy_floor"] = num(corpus.entropy_floor());
    out << json::write(o) << "\n";
    return 0;
  }
  long long n = 10;
  uint32_t seed = 0;
  if (f.has("--sample") && !to_int("--sample", f.at("--sample"), 1, 100000, &n, &e))
    return fail(err, e);
  if (!get_seed(f, &seed, &e)) return fail(err, e);
  for (long long i = 0; i < n; ++i) out << corpus.sample_sentence(uint64_t(seed) * 1000003u + i) << "\n";
  return 0;
}

int cmd_train(const Flags& f, std::ostream& out, std::ostream& err) {
  std::string e;
  Config cfg;
  if (f.has("--config")) {
    std::string text;
    if (!read_file(f.at("--config"), &text, &e)) return fail(err, e);
    if (!config_from_json(text, &cfg, &e)) return fail(err, f.at("--config") + ": " + e);
  }
  if (f.has("--steps")) {
    long long n = 0;
    if (!to_int("--steps", f.at("--steps"), 1, 100000, &n, &e)) return fail(err, e);
    cfg.steps = int(n);
    if (cfg.warmup_steps > cfg.steps) {  // keep the run valid; say so on stderr
      err << "examrule: note: warmup_steps lowered from " << cfg.warmup_steps << " to " << n
          << " (--steps)\n";
      cfg.warmup_steps = cfg.steps;
    }
  }
  Break brk;
  uint32_t seed;
  if (!get_break(f, &brk, &e) || !get_seed(f, &seed, &e)) return fail(err, e);
  std::unique_ptr<Run> run = Run::create(cfg, brk, seed, &e);
  if (!run) return fail(err, e);
  std::ofstream metrics;
  if (f.has("--metrics")) {
    metrics.open(f.at("--metrics"), std::ios::binary | std::ios::trunc);
    if (!metrics) return fail(err, "cannot write " + f.at("--metrics"));
  }
  if (f.has("--save") && !std::ofstream(f.at("--save"), std::ios::binary | std::ios::app))
    return fail(err, "cannot write " + f.at("--save"));  // found out before training, not after
  while (!run->finished()) {
    const std::string& line = run->step();
    out << line << "\n";
    if (metrics.is_open()) metrics << line << "\n";
  }
  out.flush();
  if (metrics.is_open() && !metrics.flush()) return fail(err, "cannot write " + f.at("--metrics"));
  if (f.has("--save") && !save_checkpoint(f.at("--save"), run->checkpoint(), &e))
    return fail(err, f.at("--save") + ": " + e);
  return 0;
}

int cmd_eval(const Flags& f, std::ostream& out, std::ostream& err) {
  std::string e;
  std::unique_ptr<Run> run = load_run(f, &e);
  if (!run) return fail(err, e);
  const Run::Eval ev = run->evaluate();
  json::Value o;
  o.type = json::Value::Object;
  o.obj["val_loss"] = num(ev.val_loss);
  o.obj["val_loss_ar"] = num(ev.val_loss_ar);
  out << json::write(o) << "\n";
  return 0;
}

int cmd_sample(const Flags& f, std::ostream& out, std::ostream& err) {
  std::string e;
  std::unique_ptr<Run> run = load_run(f, &e);
  if (!run) return fail(err, e);
  const Corpus& corpus = run->corpus();
  const int T = run->config().model.T, V = run->config().model.V;
  std::vector<int> prompt;
  if (f.has("--prompt") && !f.at("--prompt").empty()) {
    std::string bad;
    if (!corpus.encode(f.at("--prompt"), &prompt, &bad))
      return fail(err, "--prompt: \"" + bad + "\" is not in the vocabulary");
    if (int(prompt.size()) + 1 >= T)
      return fail(err, "--prompt is too long for the context of " + std::to_string(T) + " tokens");
  }
  long long n = 10, top_k = 0;
  double temperature = 1.0;
  uint32_t seed;
  if ((f.has("--n") && !to_int("--n", f.at("--n"), 1, 1000, &n, &e)) ||
      (f.has("--top-k") && !to_int("--top-k", f.at("--top-k"), 0, V, &top_k, &e)) ||
      (f.has("--temperature") &&
       !to_float("--temperature", f.at("--temperature"), 0.0, 100.0, &temperature, &e)) ||
      !get_seed(f, &seed, &e))
    return fail(err, e);
  const Samples s = sample(run->model(), corpus, prompt, int(n), seed, float(temperature), int(top_k));
  json::Value o, texts, gram;
  o.type = json::Value::Object;
  texts.type = gram.type = json::Value::Array;
  for (const std::string& t : s.text) {
    json::Value v;
    v.type = json::Value::String;
    v.str = t;
    texts.arr.push_back(v);
  }
  for (bool g : s.grammatical) {
    json::Value v;
    v.type = json::Value::Bool;
    v.b = g;
    gram.arr.push_back(v);
  }
  o.obj["samples"] = texts;
  o.obj["grammatical"] = gram;
  out << json::write(o) << "\n";
  return 0;
}

int cmd_logits(const Flags& f, std::ostream& out, std::ostream& err) {
  std::string e;
  if (!f.has("--tokens")) return fail(err, "--tokens 3,1,4 is required");
  std::unique_ptr<Run> run = load_run(f, &e);
  if (!run) return fail(err, e);
  const int T = run->config().model.T, V = run->config().model.V;
  std::vector<int> tok;
  std::stringstream list(f.at("--tokens"));
  std::string item;
  while (std::getline(list, item, ',')) {
    long long id = 0;
    if (!to_int("each of --tokens", item, 0, V - 1, &id, &e)) return fail(err, e);
    tok.push_back(int(id));
  }
  if (tok.empty() || int(tok.size()) > T || f.at("--tokens").back() == ',')
    return fail(err, "--tokens needs 1 to " + std::to_string(T) + " comma-separated ids");
  Gpt& g = run->model();
  g.forward(tok.data(), nullptr, 1, int(tok.size()), Pass::infer);
  json::Value o, rows;
  o.type = json::Value::Object;
  rows.type = json::Value::Array;
  for (size_t t = 0; t < tok.size(); ++t) {
    json::Value row;
    row.type = json::Value::Array;
    for (int v = 0; v < V; ++v) row.arr.push_back(num(g.logits()[t * V + v]));
    rows.arr.push_back(row);
  }
  o.obj["logits"] = rows;
  out << json::write(o) << "\n";
  return 0;
}

int cmd_causality(const Flags& f, std::ostream& out, std::ostream& err) {
  std::string e;
  Config cfg;
  cfg.model.V = shared_corpus().vocab_size();
  long long T = cfg.model.T;
  Break brk;
  uint32_t seed;
  if (!get_break(f, &brk, &e) || !get_seed(f, &seed, &e) ||
      (f.has("--T") && !to_int("--T", f.at("--T"), 2, cfg.model.T, &T, &e)))
    return fail(err, e);
  // A fresh (untrained) model with the break's engine path: causality is a property of the
  // wiring, visible before any training.
  Gpt g(cfg.model, 1);
  g.set_break(brk);
  g.init(seed);
  out << causality_json(causality_sweep(g, int(T), seed)) << "\n";
  return 0;
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) return fail(err, kUsage);
  const std::string& cmd = args[0];
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    out << kHelp << break_names() << ".\n";
    return 0;
  }
  struct Spec {
    const char* name;
    std::set<std::string> values, switches;
  };
  static const Spec kSpecs[] = {
      {"config", {}, {}},
      {"corpus", {"--sample", "--seed"}, {"--entropy"}},
      {"train", {"--config", "--break", "--steps", "--seed", "--metrics", "--save"}, {}},
      {"eval", {"--load"}, {}},
      {"sample", {"--load", "--prompt", "--n", "--seed", "--temperature", "--top-k"}, {}},
      {"logits", {"--load", "--tokens"}, {}},
      {"causality", {"--break", "--T", "--seed"}, {}},
  };
  const Spec* spec = nullptr;
  for (const Spec& s : kSpecs)
    if (cmd == s.name) spec = &s;
  if (!spec) return fail(err, "unknown command \"" + cmd + "\"; " + kUsage);
  Flags f;
  std::string e;
  if (!parse_flags(args, spec->values, spec->switches, &f, &e)) return fail(err, e);
  if (cmd == "config") return cmd_config(out);
  if (cmd == "corpus") return cmd_corpus(f, out, err);
  if (cmd == "train") return cmd_train(f, out, err);
  if (cmd == "eval") return cmd_eval(f, out, err);
  if (cmd == "sample") return cmd_sample(f, out, err);
  if (cmd == "logits") return cmd_logits(f, out, err);
  return cmd_causality(f, out, err);
}

}  // namespace er::cli
