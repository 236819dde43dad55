#pragma once
// ONNX model import: a .onnx file (or its bytes) becomes a verified graph::Graph.
//
// What happens, in order: protobuf parse with size limits; opset check (default domain 11..17; an older opset is
// accepted when every op the model uses has the same definition as at opset 11); one error listing every op outside
// graph/ops.def; external data loaded from the model's folder; the ONNX checker; ONNX shape inference (value types
// and shapes, symbolic dims keep their names); graph build (initializers and Constant nodes become constant values);
// Softmax / LogSoftmax of opsets before 13 rewritten to their flattening meaning (legacy_softmax.h); QuantParams
// attached around QuantizeLinear / DequantizeLinear; graph::verify. Every failure is an ohmic::Error
// naming the file.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ohmic/core/error.h"
#include "ohmic/graph/graph.h"

namespace ohmic::onnx {

inline constexpr int64_t kMinOpset = 11;
inline constexpr int64_t kMaxOpset = 17;

struct ImportOptions {
  bool run_checker = true;      // onnx::checker::check_model
  bool infer_shapes = true;     // onnx::shape_inference::InferShapes (value types and shapes come from it)
  // When set, every graph input whose axis 0 is symbolic or unknown gets this size there before shape inference, so
  // that shapes downstream (after Flatten, Reshape, ...) come out concrete.
  std::optional<int64_t> batch;
};

// Thrown when a model uses ops outside graph/ops.def; lists all of them (op type and node names) at once.
class UnsupportedOpsError : public Error {
 public:
  struct Use {
    std::string op_type;  // "domain::Op" for ops outside the default domain
    std::vector<std::string> node_names;
  };
  UnsupportedOpsError(const std::string& message, std::vector<Use> uses) : Error(message), uses_(std::move(uses)) {}
  const std::vector<Use>& uses() const { return uses_; }

 private:
  std::vector<Use> uses_;
};

// Thrown when the model's default-domain opset is outside kMinOpset..kMaxOpset (and, for an older opset, some op it
// uses was redefined by kMinOpset). `reason()` is a one-line summary without the file name.
class UnsupportedOpsetError : public Error {
 public:
  UnsupportedOpsetError(const std::string& message, std::string reason) : Error(message), reason_(std::move(reason)) {}
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

// A graph input whose axis 0 ImportOptions::batch set: the model left it open (a symbol, or unknown).
struct BatchedInput {
  std::string input;   // the graph input's name
  std::string symbol;  // the model's name for that axis, e.g. "batch"; "" when unnamed
};

struct ImportedModel {
  graph::Graph graph;
  std::vector<BatchedInput> batched_inputs;  // empty without ImportOptions::batch or when the model fixes every axis 0
};

graph::Graph import_model(const std::string& path, const ImportOptions& options = {});
// import_model, also telling which inputs ImportOptions::batch changed (what `ohmic inspect` labels).
ImportedModel import_model_with_report(const std::string& path, const ImportOptions& options = {});
// name_for_messages names the model in errors; base_dir is where external data files are looked up ("" = none).
graph::Graph import_model_from_bytes(std::span<const uint8_t> bytes, const std::string& name_for_messages,
                                     const std::string& base_dir = "", const ImportOptions& options = {});

// A serialized TensorProto (as in ONNX test data sets: test_data_set_0/input_0.pb).
graph::Tensor read_tensor_pb(const std::string& path);

}  // namespace ohmic::onnx
