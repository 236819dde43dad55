#pragma once
// ONNX external data (TensorProto.data_location = EXTERNAL): the bytes live in a file next to the model, named by
// the tensor's "location" entry, at "offset" for "length" bytes (internal to ohmic_onnx).
#include <string>

#include <onnx/onnx_pb.h>

namespace ohmic::onnx::detail {

// Reads every external tensor of the main graph (initializers and Constant-node tensors) into its raw_data, so that
// the checker and the converter see an ordinary in-memory model. Rejects locations that are absolute or lead outside
// `model_dir` (also through symlinks), missing files, offsets/lengths out of the file's range, and lengths that
// disagree with the tensor's dims. `where` names the model for messages.
void load_external_data(::onnx::ModelProto& model, const std::string& model_dir, const std::string& where);

}  // namespace ohmic::onnx::detail
