// The runner on small test folders built here: pass, mismatch, unsupported op, filtered, missing data.
#include <gtest/gtest.h>

#include "model_proto_builder.h"
#include "ohmic/conformance/report.h"
#include "ohmic/conformance/runner.h"
#include "ohmic/core/error.h"

namespace ohmic::conformance {
namespace {

using namespace ohmic::onnx::testing;  // NOLINT

// A node-test folder <root>/<name> running `op` on x[3] (float), with the given expected output.
void write_case(const TempDir& root, const std::string& name, const std::string& op, const std::vector<float>& x,
                const std::vector<float>& expected, int64_t opset = 13) {
  auto m = empty_model(opset);
  *m.mutable_graph()->add_node() = node(op, {"x"}, {"y"}, "n0");
  *m.mutable_graph()->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"3"});
  *m.mutable_graph()->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"3"});
  root.write(name + "/model.onnx", m.SerializeAsString());
  root.write(name + "/test_data_set_0/input_0.pb", float_tensor("x", {3}, x).SerializeAsString());
  root.write(name + "/test_data_set_0/output_0.pb", float_tensor("y", {3}, expected).SerializeAsString());
}

TEST(ConformanceRunner, OutcomesAndMessages) {
  TempDir root;
  write_case(root, "test_identity_ok", "Identity", {1, -2, 3}, {1, -2, 3});
  write_case(root, "test_identity_wrong", "Identity", {1, -2, 3}, {1, -2, 4});
  write_case(root, "test_sin", "Sin", {0, 0, 0}, {0, 0, 0});
  write_case(root, "test_filtered", "Identity", {1, 2, 3}, {0, 0, 0});
  root.write("test_no_data/model.onnx", std::string());
  write_case(root, "test_opset18", "Identity", {1, 2, 3}, {1, 2, 3}, 18);

  std::vector<std::string> dirs = find_test_dirs({root.path().string()});
  ASSERT_EQ(dirs.size(), 6u);
  RunOptions options;
  options.filter = parse_filter("test_filtered  # known reason\n", "filter.txt");
  std::vector<std::string> lines;
  options.on_result = [&](const CaseResult& r) { lines.push_back(result_line(r)); };
  auto results = run_all(dirs, options);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0], "SKIP test_filtered: filtered: known reason");
  EXPECT_EQ(lines[1], "PASS test_identity_ok");
  EXPECT_EQ(lines[2].rfind("FAIL test_identity_wrong: output 0 'y': 1 of 3 elements differ; first at index 2 [2]: "
                           "got 3, expected 4", 0), 0u) << lines[2];
  EXPECT_EQ(lines[3].rfind("FAIL test_no_data: ", 0), 0u) << lines[3];
  EXPECT_NE(lines[3].find("empty file"), std::string::npos) << lines[3];
  EXPECT_EQ(lines[4], "SKIP test_opset18: opset 18 is newer than ohmic supports (11..17)");
  EXPECT_EQ(lines[5], "SKIP test_sin: uses ops outside ohmic's op list: Sin");
  Summary s = summarize(results);
  EXPECT_EQ(summary_line(s), "1 passed, 2 failed, 3 skipped");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(results_json(results).find("\"status\": \"PASS\""), std::string::npos);

  // The same outcomes when each test runs in this process.
  std::vector<std::string> in_process_lines;
  options.isolate = false;
  options.on_result = [&](const CaseResult& r) { in_process_lines.push_back(result_line(r)); };
  run_all(dirs, options);
  EXPECT_EQ(in_process_lines, lines);

  // One test folder named directly, and a name filter.
  EXPECT_EQ(find_test_dirs({(root.path() / "test_sin").string()}).size(), 1u);
  options.name_contains = "identity_ok";
  EXPECT_EQ(summary_line(summarize(run_all(dirs, options))), "1 passed, 0 failed");
  EXPECT_THROW(find_test_dirs({(root.path() / "test_sin" / "test_data_set_0").string()}), ohmic::Error);
}

TEST(ConformanceRunner, MultiLineReasonsBecomeOneLine) {
  CaseResult r{"test_x", "/d", Status::Fail, "m.onnx: 2 problems:\n  first\n  second (fix: f)"};
  EXPECT_EQ(result_line(r), "FAIL test_x: m.onnx: 2 problems: first; second (fix: f)");
}

}  // namespace
}  // namespace ohmic::conformance
