#pragma once
// Whole-buffer reads and writes on a file descriptor (pipes between a parent and a forked child), retrying on EINTR.
#include <string>

namespace ohmic {

void write_all_fd(int fd, const std::string& data);  // stops quietly if the reader has gone
std::string read_all_fd(int fd);                      // until end of file or error

}  // namespace ohmic
