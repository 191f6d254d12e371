// safetensors, F32 only. Layout: [u64 LE header length N][N bytes of JSON header][data area].
// Offsets in the header are relative to the start of the data area. The reader checks the
// same rules as the reference implementation (huggingface/safetensors): header bounded and
// inside the file, tensors sorted by offset tile the data area exactly (no gap, no overlap).
#include "safetensors.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "json.h"

namespace er::st {

namespace {

constexpr uint64_t kMaxHeader = 100000000;       // 100 MB, as the reference implementation
constexpr uint64_t kMaxFile = uint64_t(1) << 30;  // read(): 1 GiB, far above any model here
constexpr double kMaxInt = 9007199254740992.0;    // 2^53: larger integers are not exact
const char kMeta[] = "__metadata__";

std::string quoted(const std::string& name) { return "'" + name + "'"; }

// Checks what serialize() needs; "" when the file can be written.
std::string check(const File& f) {
  for (const auto& [name, t] : f.tensors) {
    if (name == kMeta) return "a tensor cannot be named __metadata__";
    if (!json::valid_utf8(name)) return "tensor name is not valid UTF-8";
    uint64_t n = 1;
    for (int64_t d : t.shape) {
      if (d < 0) return "tensor " + quoted(name) + " has a negative dimension";
      if (double(d) > kMaxInt) return "tensor " + quoted(name) + " has a dimension above 2^53";
      if (d == 0) n = 0;  // [huge, 0] holds nothing
    }
    for (int64_t d : t.shape) {
      if (n == 0) break;
      if (n > (uint64_t(1) << 40) / uint64_t(d)) return "tensor " + quoted(name) + " is too large";
      n *= uint64_t(d);
    }
    if (n != t.data.size())
      return "tensor " + quoted(name) + " has shape with " + std::to_string(n) +
             " elements but " + std::to_string(t.data.size()) + " values";
  }
  for (const auto& [k, v] : f.metadata)
    if (!json::valid_utf8(k) || !json::valid_utf8(v)) return "metadata is not valid UTF-8";
  return "";
}

json::Value number(double x) {
  json::Value v;
  v.type = json::Value::Number;
  v.num = x;
  return v;
}

bool nonneg_int(const json::Value& v, uint64_t* out) {
  if (v.type != json::Value::Number || !(v.num >= 0) || v.num > kMaxInt ||
      v.num != double(uint64_t(v.num)))
    return false;
  *out = uint64_t(v.num);
  return true;
}

struct Span {
  uint64_t begin, end;
  std::string name;
};

}  // namespace

std::string serialize(const File& f) {
  if (!check(f).empty()) return "";  // no error channel here: an empty string is never a file
  json::Value header;
  header.type = json::Value::Object;
  if (!f.metadata.empty()) {
    json::Value& meta = header.obj[kMeta];
    meta.type = json::Value::Object;
    for (const auto& [k, v] : f.metadata) {
      json::Value& s = meta.obj[k];
      s.type = json::Value::String;
      s.str = v;
    }
  }
  uint64_t offset = 0;  // std::map iterates names in sorted order: offsets follow it
  for (const auto& [name, t] : f.tensors) {
    json::Value& info = header.obj[name];
    info.type = json::Value::Object;
    info.obj["dtype"].type = json::Value::String;
    info.obj["dtype"].str = "F32";
    json::Value& shape = info.obj["shape"];
    shape.type = json::Value::Array;
    for (int64_t d : t.shape) shape.arr.push_back(number(double(d)));
    json::Value& offs = info.obj["data_offsets"];
    offs.type = json::Value::Array;
    offs.arr = {number(double(offset)), number(double(offset + 4 * t.data.size()))};
    offset += 4 * t.data.size();
  }
  std::string text = json::write(header);
  text.append((8 - text.size() % 8) % 8, ' ');  // the data area starts 8-byte aligned

  std::string out(8, '\0');
  for (int k = 0; k < 8; ++k) out[k] = char((uint64_t(text.size()) >> (8 * k)) & 0xFF);
  out += text;
  out.reserve(out.size() + offset);
  for (const auto& entry : f.tensors)
    for (float x : entry.second.data) {
      uint32_t u;
      std::memcpy(&u, &x, 4);
      for (int k = 0; k < 4; ++k) out += char((u >> (8 * k)) & 0xFF);
    }
  return out;
}

bool parse(const std::string& bytes, File* f, std::string* error) {
  const auto fail = [&](const std::string& msg) {
    if (error) *error = "safetensors: " + msg;
    return false;
  };
  if (bytes.size() < 8)
    return fail("file is too small (" + std::to_string(bytes.size()) +
                " bytes): the 8-byte header length is missing");
  uint64_t n = 0;
  for (int k = 0; k < 8; ++k) n |= uint64_t(uint8_t(bytes[k])) << (8 * k);
  if (n > kMaxHeader)
    return fail("header length " + std::to_string(n) + " is larger than 100 MB");
  if (n > bytes.size() - 8)
    return fail("header length " + std::to_string(n) + " runs past the end of the file (" +
                std::to_string(bytes.size()) + " bytes)");
  const uint64_t data_size = bytes.size() - 8 - n;

  json::Value header;
  std::string jerr;
  if (!json::parse(bytes.substr(8, n), &header, &jerr))
    return fail("header is not valid JSON (" + jerr + ")");
  if (header.type != json::Value::Object) return fail("header is not a JSON object");

  File out;
  std::vector<Span> spans;
  for (const auto& [name, info] : header.obj) {
    if (name == kMeta) {
      if (info.type != json::Value::Object) return fail("__metadata__ is not an object");
      for (const auto& [k, v] : info.obj) {
        if (v.type != json::Value::String)
          return fail("__metadata__ value " + quoted(k) + " is not a string");
        out.metadata[k] = v.str;
      }
      continue;
    }
    const std::string t = "tensor " + quoted(name);
    if (info.type != json::Value::Object) return fail(t + " is not described by an object");
    for (const auto& field : info.obj)
      if (field.first != "dtype" && field.first != "shape" && field.first != "data_offsets")
        return fail(t + " has an unknown field " + quoted(field.first));
    const json::Value* dtype = info.get("dtype");
    const json::Value* shape = info.get("shape");
    const json::Value* offs = info.get("data_offsets");
    if (!dtype || !shape || !offs) return fail(t + " needs dtype, shape and data_offsets");
    if (dtype->type != json::Value::String) return fail(t + " has a dtype that is not a string");
    if (dtype->str != "F32")
      return fail(t + " has dtype " + dtype->str.substr(0, 32) + "; only F32 is supported");
    if (shape->type != json::Value::Array) return fail(t + " has a shape that is not an array");
    Tensor tensor;
    for (const json::Value& d : shape->arr) {
      uint64_t dim;
      if (!nonneg_int(d, &dim)) return fail(t + " has a shape entry that is not a whole number >= 0");
      tensor.shape.push_back(int64_t(dim));
    }
    // Element count, stopping as soon as it exceeds the data area (then it cannot match its
    // span, and count * 4 cannot overflow below).
    uint64_t count = 1;
    bool too_big = false;
    if (std::find(tensor.shape.begin(), tensor.shape.end(), 0) != tensor.shape.end()) count = 0;
    for (int64_t dim : tensor.shape) {
      if (count == 0) break;
      if (count > data_size / uint64_t(dim)) {
        too_big = true;
        break;
      }
      count *= uint64_t(dim);
    }
    uint64_t begin, end;
    if (offs->type != json::Value::Array || offs->arr.size() != 2 ||
        !nonneg_int(offs->arr[0], &begin) || !nonneg_int(offs->arr[1], &end))
      return fail(t + " needs data_offsets [begin, end] of whole numbers >= 0");
    if (begin > end) return fail(t + " has data_offsets with begin after end");
    if (end > data_size)
      return fail(t + " has data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                  "] beyond the data area (" + std::to_string(data_size) + " bytes)");
    if (too_big) return fail(t + " has a shape too large for the file");
    if (count * 4 != end - begin)
      return fail(t + " has shape with " + std::to_string(count) + " elements (" +
                  std::to_string(count * 4) + " bytes) but data_offsets span " +
                  std::to_string(end - begin) + " bytes");
    spans.push_back({begin, end, name});
    out.tensors[name] = std::move(tensor);
  }

  // Tiling first, copying second: overlapping tensors could otherwise each copy the whole
  // data area and multiply the memory used.
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
  });
  uint64_t cursor = 0;
  for (size_t i = 0; i < spans.size(); ++i) {
    if (spans[i].begin < cursor)
      return fail("tensors " + quoted(spans[i - 1].name) + " and " + quoted(spans[i].name) +
                  " overlap");
    if (spans[i].begin > cursor)
      return fail("bytes " + std::to_string(cursor) + " to " + std::to_string(spans[i].begin) +
                  " of the data area belong to no tensor");
    cursor = spans[i].end;
  }
  if (cursor != data_size)
    return fail("the last " + std::to_string(data_size - cursor) +
                " bytes of the data area belong to no tensor");

  for (const Span& span : spans) {
    std::vector<float>& data = out.tensors[span.name].data;
    data.resize((span.end - span.begin) / 4);
    const char* p = bytes.data() + 8 + n + span.begin;
    for (float& x : data) {
      uint32_t u = 0;
      for (int k = 0; k < 4; ++k) u |= uint32_t(uint8_t(p[k])) << (8 * k);
      std::memcpy(&x, &u, 4);
      p += 4;
    }
  }
  if (f) *f = std::move(out);
  return true;
}

bool write(const std::string& path, const File& f, std::string* error) {
  const std::string why = check(f);
  if (!why.empty()) {
    if (error) *error = "safetensors: " + why;
    return false;
  }
  const std::string bytes = serialize(f);
  std::FILE* fp = std::fopen(path.c_str(), "wb");
  if (!fp) {
    if (error) *error = "safetensors: cannot open " + path + " for writing";
    return false;
  }
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), fp) == bytes.size();
  const bool closed = std::fclose(fp) == 0;
  if (!ok || !closed) {
    if (error) *error = "safetensors: could not write all of " + path;
    return false;
  }
  return true;
}

bool read(const std::string& path, File* f, std::string* error) {
  std::FILE* fp = std::fopen(path.c_str(), "rb");
  if (!fp) {
    if (error) *error = "safetensors: cannot open " + path;
    return false;
  }
  std::string bytes;
  char buf[1 << 16];
  size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, fp)) > 0 && bytes.size() <= kMaxFile)
    bytes.append(buf, got);
  const bool read_error = std::ferror(fp) != 0;
  std::fclose(fp);
  if (read_error) {
    if (error) *error = "safetensors: error while reading " + path;
    return false;
  }
  if (bytes.size() > kMaxFile) {
    if (error) *error = "safetensors: " + path + " is larger than 1 GiB";
    return false;
  }
  return parse(bytes, f, error);
}

}  // namespace er::st
