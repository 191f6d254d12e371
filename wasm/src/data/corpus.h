// The training corpus: short Spanish present-tense sentences generated from a small
// probabilistic grammar (subject pronoun, verb conjugated in agreement, complement).
// Word-level tokens. Because we own the grammar, the entropy floor (the best loss any model
// could reach on this stream) is computed exactly instead of estimated.
//
// Token stream layout: <bos> w1 w2 ... wn <eos> <bos> w1 ... (sentences back to back).
// Ids: 0 <pad>, 1 <bos>, 2 <eos>, then words in a fixed order. <pad> never occurs in the
// stream; it exists for callers that need to fill a row.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace er {

class Corpus {
 public:
  static constexpr int kPad = 0, kBos = 1, kEos = 2;

  Corpus();  // builds the grammar and the vocabulary (deterministic, no seed needed)

  int vocab_size() const;
  const std::string& word(int id) const;
  int id(const std::string& word) const;  // -1 if unknown
  const std::vector<std::string>& vocab() const;

  // A token stream of `n_sentences` sentences drawn from the grammar with `seed`.
  std::vector<int> stream(int n_sentences, uint64_t seed) const;
  // One sentence (without <bos>/<eos>) as words joined by spaces.
  std::string sample_sentence(uint64_t seed) const;

  // Exact entropy rate of the stream, in nats per predicted token: H(sentence) divided by
  // the expected number of predictions per sentence (its words, <eos>, and the next <bos>).
  double entropy_floor() const;

  // Probability of the next token given everything since the last <bos> (the grammar's true
  // conditional). `prefix` holds the words after <bos>. Used by the Monte-Carlo check and by
  // probes. Returns 0 for impossible continuations.
  double next_prob(const std::vector<int>& prefix, int next) const;
  // The whole conditional: (vocab_size) probabilities of the token after `prefix` (<eos>
  // included); all zeros if no sentence starts with `prefix`.
  std::vector<double> next_distribution(const std::vector<int>& prefix) const;

  // The pieces of entropy_floor(), for docs and probes: H(sentence) in nats, E[words per
  // sentence], and how many distinct sentences the grammar can produce.
  double sentence_entropy() const;
  double mean_sentence_words() const;
  int sentence_count() const;

  // True if `tokens` (words only, no specials) is a sentence the grammar can produce.
  bool grammatical(const std::vector<int>& tokens) const;
  // Where the grammar refuses `tokens`: the index of the first word no sentence continues
  // with, tokens.size() if every word fits but no sentence ends there, -1 if it is a sentence.
  int refused_at(const std::vector<int>& tokens) const;
  // Splits text on spaces into ids; returns false (and fills *bad_word) on an unknown word.
  bool encode(const std::string& text, std::vector<int>* ids, std::string* bad_word) const;
  std::string decode(const std::vector<int>& ids) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace er
