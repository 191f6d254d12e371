// The break markers are a contract with the front end, which shows learners the real C++
// between `// BREAK(<name>) begin` and `// BREAK(<name>) end` and asks them to repair it.
// This test reads the engine sources and checks every break has exactly one such snippet,
// short, holding both the healthy line and the broken branch.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "model/config.h"

namespace {

struct Marker {
  std::string file;
  int line;
  bool begin;
};

// name -> markers, over every .h/.cpp under wasm/src (skipping the doc comment that explains
// the syntax with a literal "<name>").
std::map<std::string, std::vector<Marker>> scan_markers(std::vector<std::string>* files_lines) {
  namespace fs = std::filesystem;
  std::map<std::string, std::vector<Marker>> found;
  const std::regex re(R"(//\s*BREAK\(([a-z0-9-]+)\)\s+(begin|end)\s*$)");
  for (const auto& e : fs::recursive_directory_iterator(std::string(ER_SOURCE_DIR) + "/wasm/src")) {
    const std::string ext = e.path().extension().string();
    if (!e.is_regular_file() || (ext != ".h" && ext != ".cpp")) continue;
    std::ifstream in(e.path());
    int n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      std::smatch m;
      if (std::regex_search(line, m, re)) {
        found[m[1]].push_back({e.path().string(), n, m[2] == "begin"});
        files_lines->push_back(e.path().string() + ":" + std::to_string(n));
      }
    }
  }
  return found;
}

std::vector<std::string> read_lines(const std::string& path, int from, int to) {
  std::ifstream in(path);
  std::vector<std::string> out;
  int n = 0;
  for (std::string line; std::getline(in, line);)
    if (++n > from && n < to) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("every break has exactly one short BREAK(name) begin/end snippet in the engine") {
  std::vector<std::string> where;
  const auto found = scan_markers(&where);
  const std::string names = er::break_names();  // "healthy, no-mask, ..."
  int breaks = 0;
  for (size_t a = 0; a < names.size();) {
    size_t b = names.find(", ", a);
    if (b == std::string::npos) b = names.size();
    const std::string name = names.substr(a, b - a);
    a = b + 2;
    if (name == "healthy") continue;
    ++breaks;
    INFO("break " << name);
    REQUIRE(found.count(name) == 1);
    const std::vector<Marker>& m = found.at(name);
    REQUIRE(m.size() == 2);
    CHECK(m[0].begin);
    CHECK_FALSE(m[1].begin);
    CHECK(m[0].file == m[1].file);
    // 3-12 lines counting the two markers
    const int span = m[1].line - m[0].line + 1;
    CHECK(span >= 3);
    CHECK(span <= 12);
    // The snippet holds the broken branch (it names the break's enum value) and a healthy
    // line that does not.
    er::Break brk;
    REQUIRE(er::parse_break(name, &brk));
    std::string id = name;
    for (char& c : id)
      if (c == '-') c = '_';
    const std::vector<std::string> body = read_lines(m[0].file, m[0].line, m[1].line);
    int broken = 0, other = 0;
    for (const std::string& l : body) (l.find("Break::" + id) != std::string::npos ? broken : other) += 1;
    // post-softmax-mask switches on where the mask is applied (MaskAt) rather than the Break
    if (name == "post-softmax-mask")
      for (const std::string& l : body) broken += l.find("MaskAt::post)") != std::string::npos;
    CHECK(broken >= 1);
    CHECK(other >= 1);
  }
  CHECK(breaks == 6);
  // no marker names a break that does not exist
  for (const auto& kv : found) {
    er::Break b;
    INFO("marker name " << kv.first);
    CHECK(er::parse_break(kv.first, &b));
  }
}
