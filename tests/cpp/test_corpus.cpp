// The Spanish corpus: grammar, vocabulary, stream, and the exact entropy floor.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "data/corpus.h"
#include "data/grammar.h"

using er::Corpus;

namespace {
const Corpus& corpus() {
  static const Corpus c;
  return c;
}
std::vector<int> ids(const std::string& text) {
  std::vector<int> out;
  std::string bad;
  REQUIRE(corpus().encode(text, &out, &bad));
  return out;
}
}  // namespace

TEST_CASE("corpus: vocabulary has the specials first, unique words, and a model-friendly size") {
  const Corpus& c = corpus();
  CHECK(c.word(Corpus::kPad) == "<pad>");
  CHECK(c.word(Corpus::kBos) == "<bos>");
  CHECK(c.word(Corpus::kEos) == "<eos>");
  CHECK(c.vocab_size() >= 250);
  CHECK(c.vocab_size() <= 400);
  std::set<std::string> seen(c.vocab().begin(), c.vocab().end());
  CHECK(int(seen.size()) == c.vocab_size());
  for (int i = 0; i < c.vocab_size(); ++i) CHECK(c.id(c.word(i)) == i);
  CHECK(c.id("hablar") == -1);
  CHECK(c.word(-1) == "<unk>");
  CHECK(c.word(c.vocab_size()) == "<unk>");
}

TEST_CASE("corpus: vocabulary ids are stable (checkpoints depend on them)") {
  // If this fails, the grammar changed: saved models and docs/corpus.md must be regenerated.
  const Corpus& c = corpus();
  CHECK(c.vocab_size() == 367);
  CHECK(c.id("yo") == 3);
  CHECK(c.id("ustedes") == 14);
  CHECK(c.id("me") == 15);
  CHECK(c.id("hablo") == 20);
  CHECK(c.id("acuestan") == 247);  // last verb form
  CHECK(c.id("español") == 248);   // first complement word
  uint64_t h = 1469598103934665603ull;  // FNV-1a over "w0\nw1\n..."
  for (const auto& w : c.vocab())
    for (char ch : w + "\n") h = (h ^ uint8_t(ch)) * 1099511628211ull;
  CHECK(h == 1681475059257141792ull);
}

TEST_CASE("corpus: the numbers quoted in docs/corpus.md") {
  // If this fails, the grammar changed: update docs/corpus.md with the new values.
  const Corpus& c = corpus();
  CHECK(c.sentence_count() == 1688);
  CHECK(c.sentence_entropy() == Approx(7.403160012).margin(1e-9));
  CHECK(c.mean_sentence_words() == Approx(3.876754386).margin(1e-9));
  CHECK(c.entropy_floor() == Approx(1.259736161).margin(1e-9));
  CHECK(c.decode(c.stream(3, 42)) ==
        "<bos> tú bebes leche <eos> <bos> usted viene mañana <eos> <bos> ellas se levantan tarde <eos>");
}

TEST_CASE("corpus: every sampled sentence is grammatical and 3 to 6 words long") {
  const Corpus& c = corpus();
  for (uint64_t seed = 0; seed < 3000; ++seed) {
    const std::string s = c.sample_sentence(seed);
    INFO(s);
    const std::vector<int> t = ids(s);
    CHECK(c.grammatical(t));
    CHECK(t.size() >= 3);
    CHECK(t.size() <= 6);
  }
}

TEST_CASE("corpus: hand-picked sentences are accepted, agreement errors are rejected") {
  const Corpus& c = corpus();
  for (const char* ok : {"yo como pan", "nosotros escribimos una carta", "ellos viven en madrid",
                         "ella está cansada", "ustedes están cansadas", "yo me levanto a las siete",
                         "vosotras sois felices", "tú bebes té", "él es estudiante"})
    CHECK(c.grammatical(ids(ok)));
  for (const char* bad :
       {"yo comes pan",           // person agreement
        "nosotros come pan",      // number agreement
        "ella está cansado",      // gender agreement
        "ellos están cansadas",   // gender agreement (plural)
        "él es estudiantes",      // number on the complement
        "yo te levanto temprano", // clitic agreement
        "yo levanto temprano",    // missing clitic
        "yo me como pan",         // clitic on a non-reflexive verb
        "yo como",                // missing complement
        "yo bebo pan",            // complement does not fit the verb
        "como pan yo",            // word order
        "tú bebes te"})           // accent matters: te is a clitic, té is tea
    CHECK_FALSE(c.grammatical(ids(bad)));
  CHECK_FALSE(c.grammatical({}));
  CHECK_FALSE(c.grammatical({Corpus::kBos}));
}

TEST_CASE("corpus: refused_at names the word where the grammar refuses a sentence") {
  const Corpus& c = corpus();
  CHECK(c.refused_at(ids("yo como pan")) == -1);
  CHECK(c.refused_at(ids("yo comes pan")) == 1);       // "comes" cannot follow "yo"
  CHECK(c.refused_at(ids("ella está cansado")) == 2);  // the adjective's gender
  CHECK(c.refused_at(ids("yo bebo pan")) == 2);        // the complement does not fit
  CHECK(c.refused_at(ids("yo como")) == 2);             // every word fits, no sentence ends there
  CHECK(c.refused_at({}) == 0);
  for (const char* s : {"tú bebes té", "yo me levanto a las siete"}) CHECK(c.refused_at(ids(s)) == -1);
}

TEST_CASE("corpus: encode and decode round trip; unknown words are reported") {
  const Corpus& c = corpus();
  for (uint64_t seed = 100; seed < 200; ++seed) {
    const std::string s = c.sample_sentence(seed);
    CHECK(c.decode(ids(s)) == s);
  }
  std::vector<int> out;
  std::string bad;
  CHECK_FALSE(c.encode("yo como pizza", &out, &bad));
  CHECK(bad == "pizza");
  CHECK(c.decode({Corpus::kBos, c.id("yo"), Corpus::kEos}) == "<bos> yo <eos>");
}

TEST_CASE("corpus: the stream is <bos> sentence <eos> back to back, deterministic per seed") {
  const Corpus& c = corpus();
  const auto a = c.stream(500, 7), b = c.stream(500, 7), d = c.stream(500, 8);
  CHECK(a == b);
  CHECK(a != d);
  int sentences = 0;
  size_t start = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i] != Corpus::kPad);
    if (a[i] == Corpus::kBos) {
      CHECK(i == start);
    } else if (a[i] == Corpus::kEos) {
      const std::vector<int> words(a.begin() + start + 1, a.begin() + i);
      CHECK(c.grammatical(words));
      ++sentences;
      start = i + 1;
    }
  }
  CHECK(sentences == 500);
  CHECK(start == a.size());
}

TEST_CASE("corpus: next_distribution is a distribution and matches next_prob") {
  const Corpus& c = corpus();
  const auto t = ids("nosotras estamos contentas");
  for (size_t n = 0; n <= t.size(); ++n) {
    const std::vector<int> prefix(t.begin(), t.begin() + n);
    const auto p = c.next_distribution(prefix);
    double sum = 0;
    for (int w = 0; w < c.vocab_size(); ++w) {
      sum += p[w];
      CHECK(p[w] == c.next_prob(prefix, w));
    }
    CHECK(sum == Approx(1.0).margin(1e-12));
  }
  // After "nosotras estamos" the adjective must be feminine plural.
  const std::vector<int> pre = ids("nosotras estamos");
  CHECK(c.next_prob(pre, c.id("contentas")) > 0);
  CHECK(c.next_prob(pre, c.id("contentos")) == 0);
  CHECK(c.next_prob(ids("nosotras estamos contentas"), Corpus::kEos) == 1.0);
  CHECK(c.next_prob(ids("yo comes"), Corpus::kEos) == 0);
  CHECK(c.next_prob({}, c.id("yo")) == Approx(1.0 / 12));
}

TEST_CASE("corpus: the grammar is unambiguous, so H(sentence) is the entropy of its choices") {
  // An independent computation: pronoun, verb and complement are uniform choices, plus one
  // fair coin for "@" adjectives after a subject of unknown gender. If two derivations spelled
  // the same sentence, the enumerated H(sentence) would come out smaller than this.
  namespace g = er::grammar;
  double h = std::log(double(g::pronouns().size())) + std::log(double(g::verbs().size()));
  double coin = 0;
  for (const auto& v : g::verbs()) {
    h += std::log(double(v.complements.size())) / double(g::verbs().size());
    for (const char* comp : v.complements)
      if (std::string(comp).find('@') != std::string::npos)
        for (const auto& p : g::pronouns())
          if (p.gender == g::kEither)
            coin += 1.0 / (g::pronouns().size() * g::verbs().size() * v.complements.size());
  }
  h += coin * std::log(2.0);
  CHECK(corpus().sentence_entropy() == Approx(h).epsilon(1e-12));
}

TEST_CASE("corpus: the exact entropy floor matches a Monte-Carlo estimate of the stream") {
  const Corpus& c = corpus();
  const int n = 200000;
  const auto s = c.stream(n, 2024);
  // Every token after the first is a prediction; the <bos> after <eos> is certain.
  double nll = 0, sent_nll = 0, sq = 0;
  std::vector<int> prefix;
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == Corpus::kBos) {
      REQUIRE(s[i - 1] == Corpus::kEos);
      sq += sent_nll * sent_nll;
      sent_nll = 0;
      prefix.clear();
      continue;
    }
    const double p = c.next_prob(prefix, s[i]);
    REQUIRE(p > 0);
    sent_nll -= std::log(p);
    nll -= std::log(p);
    prefix.push_back(s[i]);
  }
  sq += sent_nll * sent_nll;
  const double predictions = double(s.size() - 1);
  const double estimate = nll / predictions;
  // Standard error of the per-token estimate from the per-sentence spread.
  const double mean = nll / n, var = sq / n - mean * mean;
  const double se = std::sqrt(var / n) / (predictions / n);
  INFO("exact " << c.entropy_floor() << " estimate " << estimate << " se " << se);
  CHECK(se < 5e-4);
  CHECK(std::abs(estimate - c.entropy_floor()) < 4 * se);
}
