// External data: a round trip through a data file next to the model, and every way it can point somewhere wrong.
#include <gtest/gtest.h>

#include <filesystem>

#include "model_proto_builder.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx {
namespace {

using namespace testing;  // NOLINT

const std::vector<float> kWeights = {1.5f, -2.f, 3.25f, 4.f, 5.f, -6.5f};

std::string float_bytes(const std::vector<float>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

// MatMul(x[1,2], W[2,3]) with W stored externally at `location`, `offset`, `length` ("" = key left out).
::onnx::ModelProto external_model(const std::string& location, const std::string& offset, const std::string& length) {
  auto m = empty_model(13);
  auto* g = m.mutable_graph();
  ::onnx::TensorProto w;
  w.set_name("W");
  w.set_data_type(::onnx::TensorProto::FLOAT);
  w.add_dims(2);
  w.add_dims(3);
  w.set_data_location(::onnx::TensorProto::EXTERNAL);
  auto entry = [&](const std::string& k, const std::string& v) {
    if (v.empty()) return;
    auto* e = w.add_external_data();
    e->set_key(k);
    e->set_value(v);
  };
  entry("location", location);
  entry("offset", offset);
  entry("length", length);
  *g->add_initializer() = w;
  *g->add_node() = node("MatMul", {"x", "W"}, {"y"}, "mm");
  *g->add_input() = tensor_info("x", ::onnx::TensorProto::FLOAT, {"1", "2"});
  *g->add_output() = tensor_info("y", ::onnx::TensorProto::FLOAT, {"1", "3"});
  return m;
}

std::string import_error(const std::string& path) {
  try {
    import_model(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(OnnxExternalData, RoundTripWithOffset) {
  TempDir dir;
  dir.write("weights/w.bin", std::string(16, 'x') + float_bytes(kWeights) + "tail");
  dir.write("model.onnx", external_model("weights/w.bin", "16", "24").SerializeAsString());
  graph::Graph g = import_model(dir.file("model.onnx"));
  const graph::Value& w = g.value(g.find("W"));
  ASSERT_TRUE(w.is_constant());
  EXPECT_EQ(w.constant->dims(), (graph::Dims{2, 3}));
  auto v = w.constant->values<float>();
  EXPECT_EQ(std::vector<float>(v.begin(), v.end()), kWeights);
}

TEST(OnnxExternalData, LengthMayBeLeftOut) {
  TempDir dir;
  dir.write("w.bin", float_bytes(kWeights));
  dir.write("model.onnx", external_model("w.bin", "", "").SerializeAsString());
  graph::Graph g = import_model(dir.file("model.onnx"));
  EXPECT_EQ(g.value(g.find("W")).constant->values<float>()[5], -6.5f);
}

TEST(OnnxExternalData, PathsOutsideTheModelFolderAreRejected) {
  TempDir dir;
  dir.write("outside.bin", float_bytes(kWeights));
  dir.write("model/model.onnx", external_model("../outside.bin", "", "").SerializeAsString());
  std::string msg = import_error(dir.file("model/model.onnx"));
  EXPECT_NE(msg.find("model.onnx"), std::string::npos) << msg;
  EXPECT_NE(msg.find("outside the model's folder"), std::string::npos) << msg;

  dir.write("model/abs.onnx", external_model(dir.file("outside.bin"), "", "").SerializeAsString());
  msg = import_error(dir.file("model/abs.onnx"));
  EXPECT_NE(msg.find("absolute path"), std::string::npos) << msg;

  // A symlink inside the folder that leads outside it.
  std::filesystem::create_symlink(dir.path() / "outside.bin", dir.path() / "model" / "link.bin");
  dir.write("model/link.onnx", external_model("link.bin", "", "").SerializeAsString());
  msg = import_error(dir.file("model/link.onnx"));
  EXPECT_NE(msg.find("resolves outside"), std::string::npos) << msg;
}

TEST(OnnxExternalData, BadRangesAndMissingFiles) {
  TempDir dir;
  dir.write("w.bin", float_bytes(kWeights));
  dir.write("offset.onnx", external_model("w.bin", "8", "").SerializeAsString());
  EXPECT_NE(import_error(dir.file("offset.onnx")).find("lies outside"), std::string::npos);
  dir.write("huge_offset.onnx", external_model("w.bin", "18446744073709551615", "").SerializeAsString());
  EXPECT_NE(import_error(dir.file("huge_offset.onnx")).find("lies outside"), std::string::npos);
  dir.write("length.onnx", external_model("w.bin", "", "20").SerializeAsString());
  EXPECT_NE(import_error(dir.file("length.onnx")).find("disagrees with its dims"), std::string::npos);
  dir.write("bad_offset.onnx", external_model("w.bin", "-4", "").SerializeAsString());
  EXPECT_NE(import_error(dir.file("bad_offset.onnx")).find("not a non-negative integer"), std::string::npos);
  dir.write("missing.onnx", external_model("nowhere.bin", "", "").SerializeAsString());
  EXPECT_NE(import_error(dir.file("missing.onnx")).find("does not exist"), std::string::npos);
  dir.write("noloc.onnx", external_model("", "", "").SerializeAsString());
  EXPECT_NE(import_error(dir.file("noloc.onnx")).find("names no location"), std::string::npos);
  // From bytes with no folder to look in.
  auto bytes = bytes_of(external_model("w.bin", "", ""));
  EXPECT_THROW(import_model_from_bytes(bytes, "mem.onnx"), Error);
}

}  // namespace
}  // namespace ohmic::onnx
