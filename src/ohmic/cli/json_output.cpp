#include "ohmic/cli/json_output.h"

#include <fstream>
#include <iostream>

#include "ohmic/core/error.h"

namespace ohmic::cli {

std::string json_text(const nlohmann::json& j) { return j.dump(2) + "\n"; }

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  if (!(out << text) || !out.flush())
    fail(path, "cannot write the output file", "check that the folder exists and is writable");
}

void write_json(const std::string& path, const nlohmann::json& j) {
  if (path == "-") {
    std::cout << json_text(j);
    return;
  }
  write_text_file(path, json_text(j));
}

}  // namespace ohmic::cli
