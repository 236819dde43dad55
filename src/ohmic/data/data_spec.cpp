#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "ohmic/core/error.h"
#include "ohmic/data/dataset.h"

namespace ohmic::data {
namespace {

const char* kGrammar =
    "use KIND[:ARG][,key=value...]: fashion-mnist[:train|test][,dir=PATH], mnist[:PATH], digits[:PATH], "
    "npy:IMAGES.npy,LABELS.npy; options scale=, mean=, std= (see docs/data.md)";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) parts.push_back(part);
  if (!s.empty() && s.back() == sep) parts.emplace_back();
  return parts;
}

double parse_number(const std::string& where, const std::string& key, const std::string& text) {
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(v))
    fail(where, "option " + key + "='" + text + "' is not a finite number", kGrammar);
  return v;
}

}  // namespace

std::string Preprocessing::str() const {
  std::ostringstream s;
  s.precision(6);
  s << "x*" << scale << " then (x-" << mean << ")/" << std;
  return s.str();
}

Preprocessing DataSpec::preprocessing(const Preprocessing& defaults) const {
  return {scale.value_or(defaults.scale), mean.value_or(defaults.mean), std.value_or(defaults.std)};
}

DataSpec DataSpec::parse(const std::string& text) {
  const std::string where = "data spec '" + text + "'";
  DataSpec spec;
  spec.text = text;
  std::vector<std::string> parts = split(text, ',');
  if (parts.empty() || parts[0].empty()) fail(where, "is empty", kGrammar);
  const std::string& head = parts[0];
  size_t colon = head.find(':');
  spec.kind = head.substr(0, colon);
  if (colon != std::string::npos) spec.arg = head.substr(colon + 1);
  if (spec.kind != "fashion-mnist" && spec.kind != "mnist" && spec.kind != "digits" && spec.kind != "npy")
    fail(where, "unknown data set kind '" + spec.kind + "'", kGrammar);
  if (colon != std::string::npos && spec.arg.empty()) fail(where, "nothing after ':'", kGrammar);

  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    size_t eq = p.find('=');
    std::string key = eq == std::string::npos ? "" : p.substr(0, eq);
    std::string value = eq == std::string::npos ? p : p.substr(eq + 1);
    if (key == "scale" || key == "mean" || key == "std") {
      double v = parse_number(where, key, value);
      if (key == "scale") spec.scale = v;
      if (key == "mean") spec.mean = v;
      if (key == "std") {
        if (v == 0.0) fail(where, "std=0 would divide by zero", "give a non-zero std");
        spec.std = v;
      }
    } else if (key == "dir" && spec.kind == "fashion-mnist") {
      if (value.empty()) fail(where, "dir= is empty", kGrammar);
      spec.dir = value;
    } else if ((key == "labels" || key.empty()) && spec.kind == "npy" && spec.labels_path.empty() && !value.empty()) {
      spec.labels_path = value;
    } else {
      fail(where, "unexpected part '" + p + "'", kGrammar);
    }
  }

  if (spec.kind == "fashion-mnist" && !spec.arg.empty() && spec.arg != "train" && spec.arg != "test")
    fail(where, "fashion-mnist split must be 'train' or 'test', got '" + spec.arg + "'", kGrammar);
  if (spec.kind == "npy" && (spec.arg.empty() || spec.labels_path.empty()))
    fail(where, "npy needs an images file and a labels file", "use npy:IMAGES.npy,LABELS.npy");
  return spec;
}

}  // namespace ohmic::data
