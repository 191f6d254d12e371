// safetensors: byte-exact round trip, the layout other readers expect, and every malformed
// case refused with a message that names the problem.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "io/json.h"
#include "io/safetensors.h"

namespace st = er::st;

namespace {
// A file from a header text and raw data bytes (the length prefix is computed).
std::string file(const std::string& header, const std::string& data = "") {
  std::string out(8, '\0');
  for (int k = 0; k < 8; ++k) out[k] = char((uint64_t(header.size()) >> (8 * k)) & 0xFF);
  return out + header + data;
}
std::string refused(const std::string& bytes) {
  st::File f;
  f.metadata["untouched"] = "yes";
  std::string err;
  CHECK_FALSE(st::parse(bytes, &f, &err));
  CHECK(err.rfind("safetensors: ", 0) == 0);
  CHECK(f.metadata.count("untouched") == 1);  // the output is only written on success
  return err;
}
bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), 4 * a.size()) == 0);
}
st::File sample() {
  st::File f;
  f.tensors["wte"] = {{3, 2}, {1, -2, 0.5f, -0.0f, 1e-42f, std::numeric_limits<float>::max()}};
  f.tensors["b.bias"] = {{4}, {std::nanf(""), INFINITY, -INFINITY, 3}};
  f.tensors["scalar"] = {{}, {42}};
  f.tensors["empty"] = {{0, 5}, {}};
  f.metadata["format"] = "pt";
  f.metadata["note"] = "máscara causal";
  return f;
}
}  // namespace

TEST_CASE("safetensors: serialize/parse round-trips every bit, shapes and metadata") {
  const st::File f = sample();
  st::File g;
  std::string err;
  REQUIRE(st::parse(st::serialize(f), &g, &err));
  CHECK(err.empty());
  CHECK(g.metadata == f.metadata);
  REQUIRE(g.tensors.size() == f.tensors.size());
  for (const auto& [name, t] : f.tensors) {
    INFO(name);
    REQUIRE(g.tensors.count(name));
    CHECK(g.tensors[name].shape == t.shape);
    CHECK(same_bits(g.tensors[name].data, t.data));
  }
}

TEST_CASE("safetensors: layout: LE length, padded header, tensors sorted with contiguous offsets") {
  const std::string bytes = st::serialize(sample());
  uint64_t n = 0;
  for (int k = 0; k < 8; ++k) n |= uint64_t(uint8_t(bytes[k])) << (8 * k);
  CHECK(n % 8 == 0);
  CHECK(bytes[8] == '{');
  const std::string header = bytes.substr(8, n);
  CHECK(header.find_last_not_of(' ') + 1 > header.size() - 8);  // at most 7 pad spaces
  er::json::Value h;
  REQUIRE(er::json::parse(header, &h, nullptr));
  const auto offs = [&](const char* name) {
    const auto& a = h.get(name)->get("data_offsets")->arr;
    return std::make_pair(a[0].num, a[1].num);
  };
  // Sorted by name: b.bias [4], empty [0,5], scalar [], wte [3,2].
  CHECK(offs("b.bias") == std::make_pair(0.0, 16.0));
  CHECK(offs("empty") == std::make_pair(16.0, 16.0));
  CHECK(offs("scalar") == std::make_pair(16.0, 20.0));
  CHECK(offs("wte") == std::make_pair(20.0, 44.0));
  CHECK(h.get("wte")->get("dtype")->str == "F32");
  CHECK(h.get("__metadata__")->get("format")->str == "pt");
  CHECK(bytes.size() == 8 + n + 44);
  // Little-endian floats: 3.0f is 0x40400000, stored 00 00 40 40 (last value of b.bias).
  CHECK(bytes.substr(8 + n + 12, 4) == std::string("\x00\x00\x40\x40", 4));
  // Deterministic: the same file gives the same bytes.
  CHECK(st::serialize(sample()) == bytes);
}

TEST_CASE("safetensors: write and read through a file") {
  const std::string path = "examrule_test_tmp.safetensors";
  std::string err;
  REQUIRE(st::write(path, sample(), &err));
  st::File g;
  REQUIRE(st::read(path, &g, &err));
  CHECK(same_bits(g.tensors["wte"].data, sample().tensors["wte"].data));
  std::remove(path.c_str());
  CHECK_FALSE(st::read(path, &g, &err));
  CHECK(err.find("cannot open") != std::string::npos);
  CHECK_FALSE(st::write("no_such_dir/x.safetensors", sample(), &err));
  CHECK(err.find("cannot open") != std::string::npos);
}

TEST_CASE("safetensors: files that cannot be written are refused, not truncated") {
  std::string err;
  st::File f;
  f.tensors["w"] = {{2, 2}, {1, 2, 3}};
  CHECK(st::serialize(f).empty());
  CHECK_FALSE(st::write("never_written.safetensors", f, &err));
  CHECK(err.find("4 elements but 3 values") != std::string::npos);
  f.tensors["w"] = {{-1}, {}};
  CHECK_FALSE(st::write("never_written.safetensors", f, &err));
  CHECK(err.find("negative") != std::string::npos);
  st::File g;
  g.tensors["__metadata__"] = {{1}, {1}};
  CHECK_FALSE(st::write("never_written.safetensors", g, &err));
  CHECK(err.find("__metadata__") != std::string::npos);
  std::FILE* fp = std::fopen("never_written.safetensors", "rb");
  CHECK(fp == nullptr);
  if (fp) std::fclose(fp);
}

TEST_CASE("safetensors: malformed files give false and say what is wrong") {
  const std::string w = R"("w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
  const std::string d8(8, '\0');
  // The well-formed base case, so each failure below is due to its one change.
  REQUIRE(st::parse(file("{" + w + "}", d8), nullptr, nullptr));

  CHECK(refused("").find("too small") != std::string::npos);
  CHECK(refused("1234567").find("too small") != std::string::npos);
  CHECK(refused(file("{}").replace(0, 8, "\x00\xe2\xf5\x05\x00\x00\x00\x00", 8))
            .find("larger than 100 MB") != std::string::npos);  // 100000000 + 256
  CHECK(refused(std::string("\xff\xff\xff\xff\xff\xff\xff\xff", 8)).find("larger than 100 MB") !=
        std::string::npos);
  CHECK(refused(file("{}").replace(0, 1, "\x10")).find("runs past the end") != std::string::npos);
  CHECK(refused(file("{" + w, d8)).find("not valid JSON") != std::string::npos);
  CHECK(refused(file("[]")).find("not a JSON object") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}})", d8))
            .find("dtype F16; only F32 is supported") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"BF16","shape":[4],"data_offsets":[0,8]}})", d8))
            .find("only F32") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":32,"shape":[2],"data_offsets":[0,8]}})", d8))
            .find("not a string") != std::string::npos);
  CHECK(refused(file(R"({"w":{"shape":[2],"data_offsets":[0,8]}})", d8))
            .find("needs dtype, shape and data_offsets") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", d8))
            .find("unknown field 'x'") != std::string::npos);
  CHECK(refused(file(R"({"w":[1]})", d8)).find("not described by an object") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":2,"data_offsets":[0,8]}})", d8))
            .find("shape that is not an array") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", d8))
            .find("whole number") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}})", d8))
            .find("whole number") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", d8))
            .find("3 elements (12 bytes) but data_offsets span 8 bytes") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})", d8))
            .find("too large") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", d8))
            .find("data_offsets [begin, end]") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", d8))
            .find("begin after end") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", d8))
            .find("beyond the data area (8 bytes)") != std::string::npos);
  CHECK(refused(file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                     R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", d8))
            .find("'a' and 'b' overlap") != std::string::npos);
  CHECK(refused(file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", d8))
            .find("bytes 0 to 4 of the data area belong to no tensor") != std::string::npos);
  CHECK(refused(file("{" + w + "}", d8 + "1234"))
            .find("last 4 bytes of the data area belong to no tensor") != std::string::npos);
  CHECK(refused(file(R"({"__metadata__":{"a":1}})")).find("'a' is not a string") != std::string::npos);
  CHECK(refused(file(R"({"__metadata__":[]})")).find("__metadata__ is not an object") !=
        std::string::npos);
}

TEST_CASE("safetensors: edge cases that are valid") {
  st::File f;
  std::string err;
  // No tensors at all, header padded with spaces; a tensor of zero elements.
  REQUIRE(st::parse(file("{}      "), &f, &err));
  CHECK(f.tensors.empty());
  REQUIRE(st::parse(file(R"({"z":{"dtype":"F32","shape":[7,0],"data_offsets":[0,0]}})"), &f, &err));
  CHECK(f.tensors["z"].shape == std::vector<int64_t>{7, 0});
  CHECK(f.tensors["z"].data.empty());
  CHECK(st::parse(st::serialize(st::File{}), &f, &err));
  st::File big_empty;
  big_empty.tensors["e"] = {{int64_t(1) << 50, 0}, {}};
  REQUIRE(st::parse(st::serialize(big_empty), &f, &err));
  CHECK(f.tensors["e"].shape == big_empty.tensors["e"].shape);  // written exactly
  big_empty.tensors["e"].shape = {int64_t(1) << 54, 0};
  CHECK_FALSE(st::write("never_written.safetensors", big_empty, &err));
  CHECK(err.find("above 2^53") != std::string::npos);
}
