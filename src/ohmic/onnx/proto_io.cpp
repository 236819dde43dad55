#include "ohmic/onnx/proto_io.h"

#include <google/protobuf/io/coded_stream.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <system_error>

#include "ohmic/core/error.h"

namespace ohmic::onnx::detail {
namespace {

template <class Message>
Message parse_message(std::span<const uint8_t> bytes, const std::string& where, const char* what) {
  if (bytes.empty())
    fail(where, std::string("empty file, not an ONNX ") + what, "export the model again; the file has 0 bytes");
  if (bytes.size() > kMaxProtoBytes)
    fail(where, "larger than the 2 GiB protobuf limit", "save the weights as ONNX external data");
  google::protobuf::io::CodedInputStream stream(bytes.data(), static_cast<int>(bytes.size()));
  stream.SetTotalBytesLimit(std::numeric_limits<int>::max());
  Message m;
  if (!m.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage())
    fail(where, std::string("not a valid ONNX ") + what + " (protobuf parse failed: truncated or corrupt file)",
         "check the file was copied completely; re-export it");
  return m;
}

}  // namespace

std::vector<uint8_t> read_file_bytes(const std::string& path, uint64_t max_bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) fail(path, "file not found", "check the path");
  if (fs::is_directory(st)) fail(path, "is a folder, not a file", "name the .onnx file inside it");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) fail(path, "cannot open for reading", "check the file's permissions");
  std::streamoff size = in.tellg();
  if (size < 0) fail(path, "cannot determine the file size");
  if (static_cast<uint64_t>(size) > max_bytes)
    fail(path, "file of " + std::to_string(size) + " bytes is over the " + std::to_string(max_bytes) + "-byte limit",
         "save the weights as ONNX external data");
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  in.seekg(0);
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) fail(path, "read failed");
  return bytes;
}

::onnx::ModelProto parse_model(std::span<const uint8_t> bytes, const std::string& where) {
  return parse_message<::onnx::ModelProto>(bytes, where, "model");
}

::onnx::TensorProto parse_tensor(std::span<const uint8_t> bytes, const std::string& where) {
  return parse_message<::onnx::TensorProto>(bytes, where, "tensor (TensorProto)");
}

}  // namespace ohmic::onnx::detail
