#pragma once
// Reading files and parsing protobuf messages with size limits (internal to ohmic_onnx).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ohmic::onnx::detail {

// Protobuf cannot parse messages of 2 GiB or more; larger models must keep their weights in external data.
inline constexpr uint64_t kMaxProtoBytes = (uint64_t{1} << 31) - 1;

// The whole file; ohmic::Error naming `path` when it is missing, unreadable, a folder, or over `max_bytes`.
std::vector<uint8_t> read_file_bytes(const std::string& path, uint64_t max_bytes = kMaxProtoBytes);

// Parse with protobuf's total-size limit; ohmic::Error naming `where` on empty, truncated or corrupt input.
::onnx::ModelProto parse_model(std::span<const uint8_t> bytes, const std::string& where);
::onnx::TensorProto parse_tensor(std::span<const uint8_t> bytes, const std::string& where);

}  // namespace ohmic::onnx::detail
