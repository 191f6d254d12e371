// Checkpoints: a trained run saved as .safetensors and loaded back gives the same weights,
// config, break and logits; malformed files are refused with a message, never a crash.
#include <catch2/catch.hpp>
#include <stdlib.h>  // mkdtemp
#include <unistd.h>  // rmdir

#include <cstdio>
#include <cstring>

#include "io/safetensors.h"
#include "model/checkpoint.h"
#include "model/run.h"

namespace {

er::Config small_config() {
  er::Config c;
  c.model.C = 16, c.model.L = 1, c.model.H = 2, c.model.T = 12;
  c.batch_size = 4, c.steps = 5, c.warmup_steps = 2, c.eval_every = 100;
  c.val_windows = 2, c.train_sentences = 200, c.val_sentences = 50;
  return c;
}

std::unique_ptr<er::Run> trained(er::Break brk, int steps) {
  std::string err;
  auto r = er::Run::create(small_config(), brk, 3, &err);
  REQUIRE(r);
  for (int s = 0; s < steps; ++s) r->step();
  return r;
}

std::vector<float> logits_of(er::Run& r, const std::vector<int>& tok) {
  er::Gpt& g = r.model();
  g.forward(tok.data(), nullptr, 1, int(tok.size()), er::Pass::infer);
  return std::vector<float>(g.logits(), g.logits() + tok.size() * g.dims().V);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST_CASE("checkpoint round trip: bytes and file give back the same run") {
  auto r = trained(er::Break::no_warmup, 3);
  const er::Checkpoint c = r->checkpoint();
  const std::vector<int> tok = {1, 4, 8, 15, 16, 23};
  const std::vector<float> want = logits_of(*r, tok);

  auto check_loaded = [&](const er::Checkpoint& back) {
    CHECK(same_bits(back.params, c.params));
    CHECK(back.step == 3);
    CHECK(back.brk == er::Break::no_warmup);
    CHECK(back.vocab == er::shared_corpus().vocab());
    CHECK(back.config.model.C == 16);
    CHECK(back.config.model.T == 12);
    CHECK(back.config.lr_max == c.config.lr_max);
    std::string err;
    auto r2 = er::Run::from_checkpoint(back, &err);
    REQUIRE(r2);
    CHECK(r2->steps_done() == 3);
    CHECK(same_bits(logits_of(*r2, tok), want));
  };
  SECTION("in memory") {
    er::Checkpoint back;
    std::string err;
    REQUIRE(er::parse_checkpoint(er::checkpoint_bytes(c), er::shared_corpus().vocab(), &back, &err));
    check_loaded(back);
  }
  SECTION("through a file") {
    // a directory of its own: other builds may run this suite at the same time
    char dir[] = "/tmp/examrule_ckpt_XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    const std::string path = std::string(dir) + "/w.safetensors";
    std::string err;
    REQUIRE(er::save_checkpoint(path, c, &err));
    er::Checkpoint back;
    REQUIRE(er::load_checkpoint(path, er::shared_corpus().vocab(), &back, &err));
    std::remove(path.c_str());
    rmdir(dir);
    check_loaded(back);
  }
}

TEST_CASE("checkpoint file: PyTorch names and shapes, config and vocabulary in the metadata") {
  auto r = trained(er::Break::healthy, 1);
  er::st::File f;
  std::string err;
  REQUIRE(er::st::parse(er::checkpoint_bytes(r->checkpoint()), &f, &err));
  const int V = er::shared_corpus().vocab_size();
  CHECK(f.tensors.size() == 1 + 12 + 2);  // wte, one block of 12 tensors, ln_f weight + bias
  CHECK(f.tensors.at("transformer.wte.weight").shape == std::vector<int64_t>{V, 16});
  CHECK(f.tensors.at("transformer.h.0.attn.c_attn.weight").shape == std::vector<int64_t>{48, 16});
  CHECK(f.tensors.at("transformer.h.0.mlp.c_proj.weight").shape == std::vector<int64_t>{16, 64});
  CHECK(f.tensors.at("transformer.ln_f.bias").shape == std::vector<int64_t>{16});
  CHECK(f.tensors.count("lm_head.weight") == 0);  // tied to wte
  CHECK(f.metadata.at("format") == "examrule-gpt/1");
  CHECK(f.metadata.at("break") == "healthy");
  CHECK(f.metadata.at("config").find("\"n_embd\":16") != std::string::npos);
  CHECK(f.metadata.at("vocab").rfind("[\"<pad>\",\"<bos>\",\"<eos>\"", 0) == 0);
}

TEST_CASE("malformed checkpoints are refused with a message") {
  auto r = trained(er::Break::healthy, 1);
  const std::vector<std::string>& vocab = er::shared_corpus().vocab();
  er::st::File good;
  std::string err;
  REQUIRE(er::st::parse(er::checkpoint_bytes(r->checkpoint()), &good, &err));
  auto refused = [&](const er::st::File& f, const char* expect) {
    er::Checkpoint out;
    std::string e;
    const bool ok = er::parse_checkpoint(er::st::serialize(f), vocab, &out, &e);
    INFO("message: " << e);
    CHECK_FALSE(ok);
    CHECK(e.find(expect) != std::string::npos);
  };
  er::st::File f = good;
  f.tensors.erase("transformer.h.0.ln_2.bias");
  refused(f, "lacks tensor transformer.h.0.ln_2.bias");
  f = good;
  f.tensors["transformer.h.0.attn.c_proj.weight"].shape = {8, 32};  // same count, wrong shape
  refused(f, "wrong shape");
  f = good;
  f.tensors["lm_head.weight"] = good.tensors.at("transformer.wte.weight");
  refused(f, "does not know");
  f = good;
  f.metadata.erase("format");
  refused(f, "not an examrule checkpoint");
  f = good;
  f.metadata["config"] = "{\"n_embd\": 16, \"n_head\": 3}";
  refused(f, "checkpoint config");
  f = good;
  f.metadata["config"] = "{not json";
  refused(f, "checkpoint config");
  f = good;
  f.metadata["break"] = "no-brakes";
  refused(f, "unknown name");
  f = good;
  f.metadata["vocab"] = "[\"a\", \"b\"]";
  refused(f, "vocab");
  f = good;
  f.metadata["step"] = "-4";
  refused(f, "step");

  SECTION("another vocabulary of the right size is still refused") {
    std::vector<std::string> other = vocab;
    std::swap(other[5], other[6]);
    er::Checkpoint out;
    std::string e;
    CHECK_FALSE(er::parse_checkpoint(er::checkpoint_bytes(r->checkpoint()), other, &out, &e));
    CHECK(e.find("vocabulary") != std::string::npos);
  }
  SECTION("truncated bytes and a missing file") {
    const std::string bytes = er::checkpoint_bytes(r->checkpoint());
    er::Checkpoint out;
    std::string e;
    for (size_t n : {size_t(0), size_t(7), size_t(100), bytes.size() - 1})
      CHECK_FALSE(er::parse_checkpoint(bytes.substr(0, n), vocab, &out, &e));
    CHECK_FALSE(er::load_checkpoint("/nonexistent/dir/x.safetensors", vocab, &out, &e));
    CHECK_FALSE(e.empty());
  }
}
