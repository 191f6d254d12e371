// The `examrule` CLI driven in-process (the same code as the native binary; wasm/cli/main.cpp
// only forwards argv): outputs are the documented JSON, files round-trip, and every bad
// argument or file gives exit code 2 with a one-line message and nothing on stdout.
#include <catch2/catch.hpp>
#include <stdlib.h>  // mkdtemp
#include <unistd.h>  // rmdir

#include <cstdio>
#include <fstream>
#include <sstream>

// The CLI is not part of the engine library; compile its logic into the test binary so the
// same checks run natively and under Node.
#include "../../wasm/cli/cli.cpp"

namespace {

struct Out {
  int code;
  std::string out, err;
};

Out cli(std::vector<std::string> args) {
  std::ostringstream o, e;
  const int code = er::cli::run(args, o, e);
  return {code, o.str(), e.str()};
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

er::json::Value parse(const std::string& s) {
  er::json::Value v;
  std::string err;
  INFO(s.substr(0, 200));
  REQUIRE(er::json::parse(s, &v, &err));
  return v;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Several builds run this suite at the same time on one machine: every test case works in a
// directory of its own, removed at the end.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/examrule_cli_XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = std::string(tmpl) + "/";
  }
  ~TempDir() {
    for (const char* f : {"small.json", "m.jsonl", "w.safetensors", "garbage.safetensors",
                          "bad.json", "unknown.json", "heads.json"})
      std::remove((path + f).c_str());
    rmdir(path.c_str());
  }
};
// A small model so a few training steps take milliseconds, natively and in wasm.
const std::string kSmall =
    "{\"n_embd\":16,\"n_layer\":1,\"n_head\":2,\"block_size\":12,\"batch_size\":4,"
    "\"steps\":6,\"warmup_steps\":2,\"eval_every\":3,\"val_windows\":2,"
    "\"train_sentences\":200,\"val_sentences\":50}";

}  // namespace

TEST_CASE("cli help lists every command and every break") {
  const Out h = cli({"help"});
  REQUIRE(h.code == 0);
  for (const char* c : {"config", "corpus", "train", "eval", "sample", "logits", "causality"})
    CHECK(h.out.find(std::string("examrule ") + c) != std::string::npos);
  const std::string names = er::break_names();
  for (size_t a = 0, b; a < names.size(); a = b + 2) {
    b = names.find(", ", a);
    if (b == std::string::npos) b = names.size();
    CHECK(h.out.find(names.substr(a, b - a)) != std::string::npos);
  }
}

TEST_CASE("cli config and corpus") {
  const Out c = cli({"config"});
  REQUIRE(c.code == 0);
  const er::json::Value cfg = parse(c.out);
  CHECK(cfg.get("n_embd")->num == 64);
  CHECK(cfg.get("n_layer")->num == 2);
  CHECK(cfg.get("n_head")->num == 4);
  CHECK(cfg.get("block_size")->num == 32);
  CHECK(cfg.get("batch_size")->num == 16);
  CHECK(cfg.get("vocab_size")->num == er::shared_corpus().vocab_size());

  const Out s = cli({"corpus", "--sample", "5", "--seed", "3"});
  REQUIRE(s.code == 0);
  const auto sentences = lines(s.out);
  REQUIRE(sentences.size() == 5);
  for (const std::string& t : sentences) {
    std::vector<int> ids;
    std::string bad;
    REQUIRE(er::shared_corpus().encode(t, &ids, &bad));
    CHECK(er::shared_corpus().grammatical(ids));
  }
  CHECK(cli({"corpus", "--sample", "5", "--seed", "3"}).out == s.out);
  CHECK(lines(cli({"corpus"}).out).size() == 10);

  const Out h = cli({"corpus", "--entropy"});
  REQUIRE(h.code == 0);
  CHECK(parse(h.out).get("entropy_floor")->num ==
        Approx(er::shared_corpus().entropy_floor()).epsilon(1e-8));
}

TEST_CASE("cli train -> save -> eval / sample / logits") {
  const TempDir dir;
  const std::string kDir = dir.path;
  const std::string cfg = kDir + "small.json", metrics = kDir + "m.jsonl", ckpt = kDir + "w.safetensors";
  write_file(cfg, kSmall);
  const Out t = cli({"train", "--config", cfg, "--seed", "5", "--metrics", metrics, "--save", ckpt});
  REQUIRE(t.code == 0);
  CHECK(t.err.empty());
  const auto steps = lines(t.out);
  REQUIRE(steps.size() == 6);  // one line per step
  std::ifstream in(metrics);
  std::stringstream file;
  file << in.rdbuf();
  CHECK(file.str() == t.out);  // --metrics holds exactly the printed lines
  for (size_t i = 0; i < steps.size(); ++i) {
    const er::json::Value m = parse(steps[i]);
    CHECK(m.get("step")->num == double(i));
    for (const char* k : {"lr", "loss", "grad_norm_pre_clip", "grad_norm_post_clip", "act_rms",
                          "spectral", "dead_heads", "diverged"})
      CHECK(m.get(k));
    CHECK(bool(m.get("val_loss")) == (i % 3 == 0 || i == 5));  // eval_every 3, and the last step
  }
  CHECK(cli({"train", "--config", cfg, "--seed", "5"}).out == t.out);  // same seed, same bytes
  CHECK(cli({"train", "--config", cfg, "--seed", "6"}).out != t.out);

  SECTION("eval of the saved weights equals the last step's evaluation") {
    const Out e = cli({"eval", "--load", ckpt});
    REQUIRE(e.code == 0);
    const er::json::Value v = parse(e.out), last = parse(steps.back());
    CHECK(v.get("val_loss")->num == last.get("val_loss")->num);
    CHECK(v.get("val_loss_ar")->num == last.get("val_loss_ar")->num);
  }
  SECTION("sample") {
    const Out s = cli({"sample", "--load", ckpt, "--prompt", "yo", "--n", "4", "--seed", "2"});
    REQUIRE(s.code == 0);
    const er::json::Value v = parse(s.out);
    REQUIRE(v.get("samples")->arr.size() == 4);
    REQUIRE(v.get("grammatical")->arr.size() == 4);
    for (const er::json::Value& x : v.get("samples")->arr) CHECK(x.str.rfind("yo", 0) == 0);
    CHECK(cli({"sample", "--load", ckpt, "--prompt", "yo", "--n", "4", "--seed", "2"}).out == s.out);
    const Out g = cli({"sample", "--load", ckpt, "--n", "2", "--temperature", "0"});
    REQUIRE(g.code == 0);
    const er::json::Value greedy = parse(g.out);
    CHECK(greedy.get("samples")->arr[0].str == greedy.get("samples")->arr[1].str);
  }
  SECTION("logits: one row of V numbers per token, equal to a direct forward pass") {
    const Out l = cli({"logits", "--load", ckpt, "--tokens", "1,40,7,2"});
    REQUIRE(l.code == 0);
    const er::json::Value rows = *parse(l.out).get("logits");
    const int V = er::shared_corpus().vocab_size();
    REQUIRE(rows.arr.size() == 4);
    er::Checkpoint c;
    std::string err;
    REQUIRE(er::load_checkpoint(ckpt, er::shared_corpus().vocab(), &c, &err));
    auto run = er::Run::from_checkpoint(c, &err);
    const std::vector<int> tok = {1, 40, 7, 2};
    run->model().forward(tok.data(), nullptr, 1, 4, er::Pass::infer);
    for (int t = 0; t < 4; ++t) {
      REQUIRE(int(rows.arr[t].arr.size()) == V);
      for (int v = 0; v < V; ++v)
        REQUIRE(rows.arr[t].arr[v].num == Approx(run->model().logits()[t * V + v]).epsilon(1e-7));
    }
  }
}

TEST_CASE("cli causality: healthy passes, the mask breaks fail") {
  const Out h = cli({"causality", "--T", "8", "--seed", "4"});
  REQUIRE(h.code == 0);
  const er::json::Value v = parse(h.out);
  CHECK(v.get("T")->num == 8);
  CHECK(v.get("pass")->b);
  CHECK(v.get("rows")->arr.size() == 7);
  CHECK(parse(cli({"causality"}).out).get("rows")->arr.size() == 31);  // default T = 32
  for (const char* b : {"no-mask", "post-softmax-mask", "diag-blocked", "no-mask-at-inference"}) {
    INFO(b);
    const Out x = cli({"causality", "--break", b, "--T", "8"});
    REQUIRE(x.code == 0);
    CHECK_FALSE(parse(x.out).get("pass")->b);
  }
}

TEST_CASE("cli: bad arguments and files exit 2 with one line on stderr and nothing on stdout") {
  const TempDir dir;
  const std::string kDir = dir.path;
  const std::string cfg = kDir + "small.json", ckpt = kDir + "w.safetensors";
  write_file(cfg, kSmall);
  REQUIRE(cli({"train", "--config", cfg, "--steps", "1", "--save", ckpt}).code == 0);
  const std::string garbage = kDir + "garbage.safetensors", badjson = kDir + "bad.json",
                    unknown_key = kDir + "unknown.json", bad_heads = kDir + "heads.json";
  write_file(garbage, "this is not a safetensors file at all");
  write_file(badjson, "{\"n_embd\": 16,");
  write_file(unknown_key, "{\"n_embed\": 16}");
  write_file(bad_heads, "{\"n_head\": 3}");
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"fly"},
      {"config", "--verbose"},
      {"corpus", "--sample"},
      {"corpus", "--sample", "0"},
      {"corpus", "--sample", "ten"},
      {"corpus", "--sample", "3", "--entropy"},
      {"corpus", "--seed", "-1"},
      {"train", "--steps", "abc"},
      {"train", "--steps", "3", "--steps", "4"},
      {"train", "--seed", "4294967296"},
      {"train", "--break", "no-brakes"},
      {"train", "--config", kDir + "missing.json"},
      {"train", "--config", badjson},
      {"train", "--config", unknown_key},
      {"train", "--config", bad_heads},
      {"train", "--config", cfg, "--metrics", "/nonexistent-dir/m.jsonl"},
      {"train", "--config", cfg, "--save", "/nonexistent-dir/w.safetensors"},
      {"eval"},
      {"eval", "--load", kDir + "missing.safetensors"},
      {"eval", "--load", garbage},
      {"eval", "--load", cfg},
      {"sample", "--load", ckpt, "--prompt", "xyzzy"},
      {"sample", "--load", ckpt, "--prompt", "yo yo yo yo yo yo yo yo yo yo yo yo"},
      {"sample", "--load", ckpt, "--n", "0"},
      {"sample", "--load", ckpt, "--temperature", "nan"},
      {"sample", "--load", ckpt, "--temperature", "-1"},
      {"sample", "--load", ckpt, "--top-k", "-1"},
      {"logits", "--load", ckpt},
      {"logits", "--load", ckpt, "--tokens", ""},
      {"logits", "--load", ckpt, "--tokens", "1,,2"},
      {"logits", "--load", ckpt, "--tokens", "1,2,"},
      {"logits", "--load", ckpt, "--tokens", "1,99999"},
      {"logits", "--load", ckpt, "--tokens", "-1"},
      {"logits", "--load", ckpt, "--tokens", "1,1,1,1,1,1,1,1,1,1,1,1,1"},  // 13 > T = 12
      {"causality", "--T", "1"},
      {"causality", "--T", "33"},
      {"causality", "--break", "causal"},
  };
  for (const auto& args : bad) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    INFO("examrule " << joined);
    const Out o = cli(args);
    CHECK(o.code == 2);
    CHECK(o.out.empty());
    CHECK(o.err.rfind("examrule: ", 0) == 0);
    CHECK(lines(o.err).size() == 1);
  }
}
