#pragma once
// ONNX TensorProto / TypeProto -> graph types (internal to ohmic_onnx).
#include <cstdint>
#include <string>

#include <onnx/onnx_pb.h>

#include "ohmic/graph/graph.h"

namespace ohmic::onnx::detail {

// Dense tensor from raw_data or the typed field of its dtype. Element counts are checked against
// graph::max_tensor_bytes() and against the bytes present before anything is allocated. External data must have
// been loaded into raw_data first (external_data.h). `where` names the file for messages.
graph::Tensor tensor_from_proto(const ::onnx::TensorProto& t, const std::string& where);

// Bytes of a tensor of `dims` and element type `dt`, after checking the dims (graph::element_count) and the
// graph::max_tensor_bytes() limit, so that nothing is allocated for a hostile declaration; errors name `what`.
uint64_t checked_tensor_bytes(const graph::Dims& dims, graph::DType dt, const std::string& where, const std::string& what);

// ONNX element type number -> DType, with an error naming `what` for strings and types ohmic does not store.
graph::DType dtype_from_proto(int onnx_type, const std::string& where, const std::string& what);

// Value type (dtype + symbolic shape). Non-tensor types (sequence, map, optional, sparse) are an error naming the
// value.
graph::TensorType type_from_proto(const ::onnx::TypeProto& t, const std::string& where, const std::string& value_name);

}  // namespace ohmic::onnx::detail
