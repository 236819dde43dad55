#include "ohmic/core/text_file.h"

#include <fstream>
#include <sstream>

#include "ohmic/core/error.h"

namespace ohmic {

std::string read_text_file(const std::string& path, const std::string& what, const std::string& fix) {
  std::ifstream in(path);
  if (!in) fail(path, "cannot open the " + what, fix);
  std::ostringstream text;
  text << in.rdbuf();  // an empty file is empty text (the stream's failbit for "nothing inserted" is not an error)
  return text.str();
}

}  // namespace ohmic
