// Corpus: builds the vocabulary from the grammar tables, enumerates every sentence with its
// exact probability (a few thousand), and stores them in a prefix trie so next_prob() and
// grammatical() are walks. Sampling replays the same derivation with er::Rng, so the sampler
// and the enumeration cannot disagree (the Monte-Carlo test checks it anyway).
#include "corpus.h"

#include <cmath>
#include <map>
#include <unordered_map>

#include "../core/rng.h"
#include "grammar.h"

namespace er {

namespace g = grammar;

struct Corpus::Impl {
  std::vector<std::string> vocab;
  std::unordered_map<std::string, int> ids;
  struct Node {
    double mass = 0;  // P(sentence starts with this prefix)
    double end = 0;   // P(sentence is exactly this prefix)
    std::map<int, int> child;  // word id -> node index
  };
  std::vector<Node> trie;  // trie[0] is the empty prefix
  double entropy = 0;      // H(sentence), nats
  double mean_words = 0;   // E[words per sentence]

  int add(const std::string& w) {
    auto it = ids.find(w);
    if (it != ids.end()) return it->second;
    ids.emplace(w, int(vocab.size()));
    vocab.push_back(w);
    return int(vocab.size()) - 1;
  }
};

namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool needs_gender(const char* complement) {
  for (const std::string& w : split(complement))
    if (w[0] == '@') return true;
  return false;
}

// One complement word for a subject of the given number and (resolved) gender.
std::string inflect(const std::string& w, bool plural, bool fem) {
  if (w[0] == '@') return w.substr(1) + (fem ? "a" : "o") + (plural ? "s" : "");
  if (w[0] == '#') {
    const size_t bar = w.find('|');
    return plural ? w.substr(bar + 1) : w.substr(1, bar - 1);
  }
  return w;
}

// The words of one derivation; `fem` matters only for "@" slots.
std::vector<std::string> realize(const g::Pronoun& p, const g::Verb& v, const char* comp,
                                 bool fem) {
  std::vector<std::string> words{p.word};
  if (v.reflexive) words.push_back(g::kClitics[p.person]);
  words.push_back(v.forms[p.person]);
  for (const std::string& w : split(comp)) words.push_back(inflect(w, p.person >= 3, fem));
  return words;
}

}  // namespace

Corpus::Corpus() {
  auto impl = std::make_shared<Impl>();
  Impl& m = *impl;
  // Ids: specials, then pronouns, clitics, verb forms, complement words (first-seen order),
  // so each word class is a contiguous block of ids.
  for (const char* s : {"<pad>", "<bos>", "<eos>"}) m.add(s);
  for (const auto& p : g::pronouns()) m.add(p.word);
  for (const char* c : g::kClitics) m.add(c);
  for (const auto& v : g::verbs())
    for (const char* f : v.forms) m.add(f);
  for (const auto& v : g::verbs())
    for (const char* c : v.complements)
      for (const std::string& w : split(c))
        for (int k = 0; k < 4; ++k) m.add(inflect(w, k >= 2, k % 2 == 1));

  // Enumerate derivations; distinct derivations could in principle spell the same sentence,
  // so probabilities are summed per sentence before the entropy is taken.
  std::map<std::vector<int>, double> dist;
  const double p_pron = 1.0 / double(g::pronouns().size());
  const double p_verb = 1.0 / double(g::verbs().size());
  for (const auto& p : g::pronouns())
    for (const auto& v : g::verbs())
      for (const char* c : v.complements) {
        const double base = p_pron * p_verb / double(v.complements.size());
        const bool split_gender = p.gender == g::kEither && needs_gender(c);
        for (int fem = 0; fem < (split_gender ? 2 : 1); ++fem) {
          const bool f = split_gender ? fem == 1 : p.gender == g::kFem;
          std::vector<int> ids;
          for (const auto& w : realize(p, v, c, f)) ids.push_back(m.ids.at(w));
          dist[ids] += split_gender ? base * 0.5 : base;
        }
      }

  m.trie.emplace_back();
  for (const auto& [sentence, prob] : dist) {
    m.entropy -= prob * std::log(prob);
    m.mean_words += prob * double(sentence.size());
    int node = 0;
    m.trie[0].mass += prob;
    for (int w : sentence) {
      auto it = m.trie[node].child.find(w);
      if (it == m.trie[node].child.end()) {
        m.trie.emplace_back();
        it = m.trie[node].child.emplace(w, int(m.trie.size()) - 1).first;
      }
      node = it->second;
      m.trie[node].mass += prob;
    }
    m.trie[node].end += prob;
  }
  impl_ = std::move(impl);
}

int Corpus::vocab_size() const { return int(impl_->vocab.size()); }
const std::string& Corpus::word(int id) const {
  static const std::string unknown = "<unk>";
  return id >= 0 && id < vocab_size() ? impl_->vocab[id] : unknown;
}
int Corpus::id(const std::string& w) const {
  auto it = impl_->ids.find(w);
  return it == impl_->ids.end() ? -1 : it->second;
}
const std::vector<std::string>& Corpus::vocab() const { return impl_->vocab; }

namespace {
// Replays the grammar's derivation with `rng` (same choices, same order as the enumeration).
std::vector<std::string> draw(Rng& rng) {
  const auto& p = g::pronouns()[rng.below(uint32_t(g::pronouns().size()))];
  const auto& v = g::verbs()[rng.below(uint32_t(g::verbs().size()))];
  const char* c = v.complements[rng.below(uint32_t(v.complements.size()))];
  bool fem = p.gender == g::kFem;
  if (p.gender == g::kEither && needs_gender(c)) fem = rng.below(2) == 1;
  return realize(p, v, c, fem);
}
}  // namespace

std::vector<int> Corpus::stream(int n_sentences, uint64_t seed) const {
  std::vector<int> out;
  Rng rng(seed);
  for (int s = 0; s < n_sentences; ++s) {
    out.push_back(kBos);
    for (const auto& w : draw(rng)) out.push_back(id(w));
    out.push_back(kEos);
  }
  return out;
}

std::string Corpus::sample_sentence(uint64_t seed) const {
  Rng rng(seed);
  std::string s;
  for (const auto& w : draw(rng)) s += (s.empty() ? "" : " ") + w;
  return s;
}

double Corpus::entropy_floor() const {
  // Per sentence: its words and <eos> carry -log p(sentence) in total; the <bos> after <eos>
  // is certain (0 nats) but is still a prediction, hence the +2.
  return impl_->entropy / (impl_->mean_words + 2.0);
}

double Corpus::sentence_entropy() const { return impl_->entropy; }
double Corpus::mean_sentence_words() const { return impl_->mean_words; }
int Corpus::sentence_count() const {
  int n = 0;
  for (const auto& node : impl_->trie) n += node.end > 0 ? 1 : 0;
  return n;
}

namespace {
// Trie node reached by `prefix`, or -1 if no sentence starts that way.
template <class Impl>
int walk(const Impl& m, const std::vector<int>& prefix) {
  int node = 0;
  for (int w : prefix) {
    auto it = m.trie[node].child.find(w);
    if (it == m.trie[node].child.end()) return -1;
    node = it->second;
  }
  return node;
}
}  // namespace

double Corpus::next_prob(const std::vector<int>& prefix, int next) const {
  const int node = walk(*impl_, prefix);
  if (node < 0) return 0.0;
  const auto& n = impl_->trie[node];
  if (next == kEos) return n.end / n.mass;
  auto it = n.child.find(next);
  return it == n.child.end() ? 0.0 : impl_->trie[it->second].mass / n.mass;
}

std::vector<double> Corpus::next_distribution(const std::vector<int>& prefix) const {
  std::vector<double> p(vocab_size(), 0.0);
  const int node = walk(*impl_, prefix);
  if (node < 0) return p;
  const auto& n = impl_->trie[node];
  p[kEos] = n.end / n.mass;
  for (const auto& [w, child] : n.child) p[w] = impl_->trie[child].mass / n.mass;
  return p;
}

bool Corpus::grammatical(const std::vector<int>& tokens) const {
  const int node = walk(*impl_, tokens);
  return node >= 0 && impl_->trie[node].end > 0;
}

int Corpus::refused_at(const std::vector<int>& tokens) const {
  int node = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto it = impl_->trie[node].child.find(tokens[i]);
    if (it == impl_->trie[node].child.end()) return int(i);
    node = it->second;
  }
  return impl_->trie[node].end > 0 ? -1 : int(tokens.size());
}

bool Corpus::encode(const std::string& text, std::vector<int>* ids, std::string* bad_word) const {
  ids->clear();
  for (const std::string& w : split(text)) {
    const int i = id(w);
    if (i < 0) {
      if (bad_word) *bad_word = w;
      return false;
    }
    ids->push_back(i);
  }
  return true;
}

std::string Corpus::decode(const std::vector<int>& ids) const {
  std::string s;
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? " " : "") + word(ids[i]);
  return s;
}

}  // namespace er
