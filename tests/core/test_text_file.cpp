// read_text_file: the file's bytes as they are (an empty file is empty text); a missing file is an error naming it.
#include <gtest/gtest.h>


#include "../support/temp_dir.h"
#include "ohmic/core/error.h"
#include "ohmic/core/text_file.h"

using ohmic::test_support::TempDir;

TEST(ReadTextFile, ReturnsTheWholeText) {
  TempDir dir;
  const std::string text = "first line\n\n  indented # not a comment to this reader\nlast line without newline";
  dir.write("a.txt", text);
  EXPECT_EQ(ohmic::read_text_file(dir.file("a.txt"), "test file"), text);
  dir.write("empty.txt", "");
  EXPECT_EQ(ohmic::read_text_file(dir.file("empty.txt"), "test file"), "");
}

TEST(ReadTextFile, MissingFileNamesPathWhatAndFix) {
  TempDir dir;
  const std::string path = dir.file("missing.yaml");
  try {
    ohmic::read_text_file(path, "workload file", "give an existing file");
    FAIL() << "read_text_file returned for a missing file";
  } catch (const ohmic::Error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot open the workload file (fix: give an existing file)");
  }
}
