#pragma once
// Reading a whole text file (filters, workload and chip descriptions) with one error for a file that cannot be read.
#include <string>

namespace ohmic {

// The whole text of the file at `path`. Throws ohmic::Error "PATH: cannot open the WHAT (fix: FIX)" when the file
// cannot be opened.
std::string read_text_file(const std::string& path, const std::string& what, const std::string& fix = "check the path");

}  // namespace ohmic
