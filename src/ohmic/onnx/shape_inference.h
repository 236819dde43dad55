#pragma once
// ONNX shape inference, run in a child process (internal to ohmic_onnx).
//
// libonnx 1.12's inference functions trust their inputs: a malformed model (e.g. a Conv whose input rank disagrees
// with its weight's, or a zero stride) makes them read out of bounds or divide by zero, killing the process. The
// fuzz test in tests/onnx found both. So inference runs in a forked child that sends back only the inferred value
// types; a crash there becomes an ohmic::Error naming the model, as do inference errors (strict mode).
#include <string>

#include <onnx/onnx_pb.h>

namespace ohmic::onnx::detail {

// Fills model.graph().value_info and the graph outputs' types from onnx::shape_inference::InferShapes.
void run_shape_inference(::onnx::ModelProto& model, const std::string& where);

}  // namespace ohmic::onnx::detail
