// safetensors reader/writer (f32 little-endian only): 8-byte header length, JSON header
// {"name": {"dtype":"F32","shape":[...],"data_offsets":[a,b]}, "__metadata__": {str: str}},
// then the raw data. Any safetensors reader (Python `safetensors`, etc.) can open our files.
// The reader validates everything (sizes, offsets, overlaps, shapes) and never aborts.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace er::st {

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

struct File {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, std::string> metadata;
};

bool write(const std::string& path, const File& f, std::string* error);
std::string serialize(const File& f);
bool read(const std::string& path, File* f, std::string* error);
bool parse(const std::string& bytes, File* f, std::string* error);

}  // namespace er::st
