#include "config_json.h"

#include <cmath>

namespace er {

namespace {
// One table drives reading and writing, so the two can never disagree on a key.
struct Field {
  const char* key;
  int Config::*i;
  float Config::*f;
  int ModelDims::*m;
};
const Field kFields[] = {
    {"n_embd", nullptr, nullptr, &ModelDims::C},
    {"n_layer", nullptr, nullptr, &ModelDims::L},
    {"n_head", nullptr, nullptr, &ModelDims::H},
    {"block_size", nullptr, nullptr, &ModelDims::T},
    {"vocab_size", nullptr, nullptr, &ModelDims::V},
    {"batch_size", &Config::batch_size, nullptr, nullptr},
    {"steps", &Config::steps, nullptr, nullptr},
    {"lr_max", nullptr, &Config::lr_max, nullptr},
    {"lr_min", nullptr, &Config::lr_min, nullptr},
    {"warmup_steps", &Config::warmup_steps, nullptr, nullptr},
    {"weight_decay", nullptr, &Config::weight_decay, nullptr},
    {"beta1", nullptr, &Config::beta1, nullptr},
    {"beta2", nullptr, &Config::beta2, nullptr},
    {"adam_eps", nullptr, &Config::adam_eps, nullptr},
    {"grad_clip", nullptr, &Config::grad_clip, nullptr},
    {"eval_every", &Config::eval_every, nullptr, nullptr},
    {"val_windows", &Config::val_windows, nullptr, nullptr},
    {"train_sentences", &Config::train_sentences, nullptr, nullptr},
    {"val_sentences", &Config::val_sentences, nullptr, nullptr},
};
}  // namespace

json::Value config_to_value(const Config& c) {
  json::Value o = jv::obj();
  for (const Field& f : kFields) {
    double x = f.m ? c.model.*f.m : f.i ? c.*f.i : c.*f.f;
    o.obj[f.key] = jv::num(x);
  }
  return o;
}

std::string config_to_json(const Config& c) { return json::write(config_to_value(c)); }

bool config_from_value(const json::Value& v, Config* c, std::string* error) {
  if (v.type != json::Value::Object) {
    *error = "config must be a JSON object";
    return false;
  }
  Config out = *c;
  for (const auto& kv : v.obj) {
    const Field* f = nullptr;
    for (const Field& x : kFields)
      if (kv.first == x.key) f = &x;
    if (!f) {
      *error = "unknown config key \"" + kv.first + "\"";
      return false;
    }
    const json::Value& x = kv.second;
    if (x.type != json::Value::Number || !std::isfinite(x.num)) {
      *error = "config key \"" + kv.first + "\" must be a finite number";
      return false;
    }
    if (f->f) {
      // double -> float is undefined behaviour outside float's range: refuse before converting.
      if (std::fabs(x.num) > 3.0e38) {
        *error = "config key \"" + kv.first + "\" is out of range";
        return false;
      }
      out.*f->f = float(x.num);
      continue;
    }
    if (x.num != std::floor(x.num) || std::fabs(x.num) > 1e9) {
      *error = "config key \"" + kv.first + "\" must be an integer";
      return false;
    }
    if (f->m) out.model.*f->m = int(x.num);
    else out.*f->i = int(x.num);
  }
  const std::string e = validate(out);
  if (!e.empty()) {
    *error = "bad config: " + e;
    return false;
  }
  *c = out;
  return true;
}

bool config_from_json(const std::string& text, Config* c, std::string* error) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    const std::string e = validate(*c);
    if (!e.empty()) *error = "bad config: " + e;
    return e.empty();
  }
  json::Value v;
  std::string perr;
  if (!json::parse(text, &v, &perr)) {
    *error = "config is not valid JSON: " + perr;
    return false;
  }
  return config_from_value(v, c, error);
}

}  // namespace er
