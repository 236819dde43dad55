#include "ohmic/onnx/external_data.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <system_error>

#include "ohmic/core/error.h"
#include "ohmic/graph/tensor.h"
#include "ohmic/onnx/tensor_proto.h"

namespace ohmic::onnx::detail {
namespace {

namespace fs = std::filesystem;

struct ExternalRef {
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
};

uint64_t parse_u64(const std::string& text, const std::string& where, const std::string& what) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    fail(where, what + " is '" + text + "', not a non-negative integer", "re-export the model's external data");
  return v;
}

ExternalRef parse_ref(const ::onnx::TensorProto& t, const std::string& where, const std::string& what) {
  ExternalRef ref;
  bool has_location = false;
  for (const auto& e : t.external_data()) {
    if (e.key() == "location") {
      ref.location = e.value();
      has_location = true;
    } else if (e.key() == "offset") {
      ref.offset = parse_u64(e.value(), where, what + " external offset");
    } else if (e.key() == "length") {
      ref.length = parse_u64(e.value(), where, what + " external length");
    }
  }
  if (!has_location || ref.location.empty())
    fail(where, what + " is stored externally but names no location", "re-export the model's external data");
  return ref;
}

// The data file for `location`, which must stay inside `model_dir`.
fs::path resolve_location(const std::string& model_dir, const std::string& location, const std::string& where,
                          const std::string& what) {
  const std::string fix = "keep external data files inside the model's folder and name them by relative path";
  fs::path loc(location);
  if (loc.is_absolute()) fail(where, what + " external data location '" + location + "' is an absolute path", fix);
  const fs::path normal = loc.lexically_normal();
  if (std::any_of(normal.begin(), normal.end(), [](const fs::path& part) { return part == ".."; }))
    fail(where, what + " external data location '" + location + "' points outside the model's folder", fix);
  std::error_code ec;
  fs::path base = fs::weakly_canonical(fs::absolute(model_dir.empty() ? "." : model_dir), ec);
  fs::path full = ec ? fs::path() : fs::weakly_canonical(base / loc, ec);
  if (ec) fail(where, what + " external data location '" + location + "' cannot be resolved: " + ec.message(), fix);
  fs::path rel = full.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..")
    fail(where, what + " external data location '" + location + "' resolves outside the model's folder (symlink?)", fix);
  if (!fs::is_regular_file(full, ec))
    fail(where, what + " external data file '" + full.string() + "' does not exist or is not a file",
         "copy the external data file next to the model");
  return full;
}

void load_one(::onnx::TensorProto& t, const std::string& model_dir, const std::string& where) {
  const std::string what = "tensor '" + t.name() + "'";
  ExternalRef ref = parse_ref(t, where, what);
  graph::DType dt = dtype_from_proto(t.data_type(), where, what);
  graph::Dims dims(t.dims().begin(), t.dims().end());
  const uint64_t nbytes = checked_tensor_bytes(dims, dt, where, what);
  if (ref.length && *ref.length != nbytes)
    fail(where, what + " external length " + std::to_string(*ref.length) + " disagrees with its dims " +
                    graph::dims_str(dims) + " (" + std::to_string(nbytes) + " bytes)",
         "re-export the model's external data");
  fs::path file = resolve_location(model_dir, ref.location, where, what);
  std::error_code ec;
  const uint64_t file_size = fs::file_size(file, ec);
  if (ec) fail(where, what + " cannot read the size of '" + file.string() + "': " + ec.message());
  if (ref.offset > file_size || nbytes > file_size - ref.offset)
    fail(where, what + " external data [" + std::to_string(ref.offset) + ", +" + std::to_string(nbytes) +
                    ") lies outside '" + file.string() + "' (" + std::to_string(file_size) + " bytes)",
         "the external data file is truncated or belongs to another model");
  std::string bytes(static_cast<size_t>(nbytes), '\0');
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(ref.offset));
  if (!in || (nbytes && !in.read(bytes.data(), static_cast<std::streamsize>(nbytes))))
    fail(where, what + " reading external data from '" + file.string() + "' failed");
  t.clear_external_data();
  t.set_data_location(::onnx::TensorProto::DEFAULT);
  t.set_raw_data(std::move(bytes));
}

void load_if_external(::onnx::TensorProto& t, const std::string& model_dir, const std::string& where) {
  if (t.data_location() != ::onnx::TensorProto::EXTERNAL) return;
  if (model_dir.empty())
    fail(where, "tensor '" + t.name() + "' keeps its data in an external file, but no model folder is known",
         "import the model from its file path");
  load_one(t, model_dir, where);
}

}  // namespace

void load_external_data(::onnx::ModelProto& model, const std::string& model_dir, const std::string& where) {
  auto* g = model.mutable_graph();
  for (auto& t : *g->mutable_initializer()) load_if_external(t, model_dir, where);
  for (auto& node : *g->mutable_node())
    for (auto& a : *node.mutable_attribute()) {
      if (a.has_t()) load_if_external(*a.mutable_t(), model_dir, where);
      for (auto& t : *a.mutable_tensors()) load_if_external(t, model_dir, where);
    }
}

}  // namespace ohmic::onnx::detail
