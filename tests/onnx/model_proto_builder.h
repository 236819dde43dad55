#pragma once
// Test helper: small ONNX models built with the protobuf API, and temporary folders for files.
#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

#include "../support/temp_dir.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx::testing {

inline ::onnx::ValueInfoProto tensor_info(const std::string& name, int elem_type, const std::vector<std::string>& dims) {
  ::onnx::ValueInfoProto v;
  v.set_name(name);
  auto* tt = v.mutable_type()->mutable_tensor_type();
  tt->set_elem_type(elem_type);
  auto* shape = tt->mutable_shape();
  for (const auto& d : dims) {
    auto* dim = shape->add_dim();
    if (d == "?") continue;  // unknown, unnamed
    if (!d.empty() && (std::isdigit(static_cast<unsigned char>(d[0])) != 0)) dim->set_dim_value(std::stoll(d));
    else dim->set_dim_param(d);
  }
  return v;
}

inline ::onnx::TensorProto float_tensor(const std::string& name, const std::vector<int64_t>& dims,
                                        const std::vector<float>& values, bool raw = true) {
  ::onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(::onnx::TensorProto::FLOAT);
  for (int64_t d : dims) t.add_dims(d);
  if (raw) t.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
  else
    for (float v : values) t.add_float_data(v);
  return t;
}

inline ::onnx::NodeProto node(const std::string& op, const std::vector<std::string>& in,
                              const std::vector<std::string>& out, const std::string& name) {
  ::onnx::NodeProto n;
  n.set_op_type(op);
  n.set_name(name);
  for (const auto& i : in) n.add_input(i);
  for (const auto& o : out) n.add_output(o);
  return n;
}

// A model with one graph; the caller fills the graph.
inline ::onnx::ModelProto empty_model(int64_t opset = 13) {
  ::onnx::ModelProto m;
  m.set_ir_version(8);
  m.set_producer_name("ohmic-test");
  auto* imp = m.add_opset_import();
  imp->set_domain("");
  imp->set_version(opset);
  m.mutable_graph()->set_name("test_graph");
  return m;
}

inline std::vector<uint8_t> bytes_of(const ::onnx::ModelProto& m) {
  std::string s = m.SerializeAsString();
  return {s.begin(), s.end()};
}

using test_support::TempDir;

// Import options with the ONNX checker and shape inference off (to reach the importer's own checks).
inline ohmic::onnx::ImportOptions unchecked() {
  ohmic::onnx::ImportOptions o;
  o.run_checker = false;
  o.infer_shapes = false;
  return o;
}

inline std::string fixture(const std::string& name) { return std::string(OHMIC_SOURCE_DIR) + "/tests/data/onnx/" + name; }

}  // namespace ohmic::onnx::testing
