#pragma once
// Writing the files the verbs' --json (and other output-file) options name, in one place: one error message, one
// check that the write succeeded, one meaning of '-'.
#include <string>

#include <nlohmann/json.hpp>

namespace ohmic::cli {

// The form of every --json document: indented by 2, newline-terminated.
std::string json_text(const nlohmann::json& j);

// Writes `text` to the file at `path`; an ohmic::Error names the path when it cannot be opened or written.
void write_text_file(const std::string& path, const std::string& text);

// For the verbs whose --json takes '-' as "JSON on stdout only": '-' prints json_text(j) to stdout, any other path
// gets it as a file.
void write_json(const std::string& path, const nlohmann::json& j);

}  // namespace ohmic::cli
