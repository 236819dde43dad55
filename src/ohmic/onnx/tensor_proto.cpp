#include "ohmic/onnx/tensor_proto.h"

#include <bit>
#include <cstring>

#include "ohmic/core/error.h"

namespace ohmic::onnx::detail {
namespace {

static_assert(std::endian::native == std::endian::little, "ONNX raw_data is little-endian; so must the host be");

using graph::DType;

// Copies a repeated typed field into the tensor, converting each element to the storage type T.
template <class T, class Field>
void copy_field(const Field& field, graph::Tensor& out) {
  T* dst = static_cast<T*>(out.raw());
  for (int i = 0; i < field.size(); ++i) dst[i] = static_cast<T>(field.Get(i));
}

// The typed field a dtype is stored in when raw_data is absent (onnx.proto's comments on each field), and its size.
int typed_field_size(const ::onnx::TensorProto& t, DType dt) {
  switch (dt) {
    case DType::Float32: return t.float_data_size();
    case DType::Float64: return t.double_data_size();
    case DType::Int64: return t.int64_data_size();
    case DType::UInt32: case DType::UInt64: return t.uint64_data_size();
    default: return t.int32_data_size();  // int8/16/32, uint8/16, bool, float16/bfloat16 bits
  }
}

void copy_typed_field(const ::onnx::TensorProto& t, DType dt, graph::Tensor& out) {
  switch (dt) {
    case DType::Float32: copy_field<float>(t.float_data(), out); break;
    case DType::Float64: copy_field<double>(t.double_data(), out); break;
    case DType::Int64: copy_field<int64_t>(t.int64_data(), out); break;
    case DType::UInt32: copy_field<uint32_t>(t.uint64_data(), out); break;
    case DType::UInt64: copy_field<uint64_t>(t.uint64_data(), out); break;
    case DType::Int32: copy_field<int32_t>(t.int32_data(), out); break;
    case DType::Int16: copy_field<int16_t>(t.int32_data(), out); break;
    case DType::Int8: copy_field<int8_t>(t.int32_data(), out); break;
    case DType::UInt16: case DType::Float16: case DType::BFloat16: copy_field<uint16_t>(t.int32_data(), out); break;
    case DType::UInt8: copy_field<uint8_t>(t.int32_data(), out); break;
    case DType::Bool: {
      bool* dst = static_cast<bool*>(out.raw());
      for (int i = 0; i < t.int32_data_size(); ++i) dst[i] = t.int32_data(i) != 0;
      break;
    }
    default: break;  // rejected by dtype_from_proto
  }
}

}  // namespace

graph::DType dtype_from_proto(int onnx_type, const std::string& where, const std::string& what) {
  auto dt = graph::dtype_from_onnx(onnx_type);
  std::string type_name = std::to_string(onnx_type);
  if (::onnx::TensorProto_DataType_IsValid(onnx_type))
    type_name = ::onnx::TensorProto_DataType_Name(static_cast<::onnx::TensorProto_DataType>(onnx_type));
  if (dt == DType::String)
    fail(where, what + " has element type STRING; ohmic handles numeric tensors only",
         "remove string processing from the model (e.g. do tokenization outside it)");
  if (!dt || *dt == DType::Undefined)
    fail(where, what + " has element type " + type_name + ", which ohmic does not support",
         "convert the model to float32/float64/int/bool/float16/bfloat16 tensors");
  return *dt;
}

uint64_t checked_tensor_bytes(const graph::Dims& dims, graph::DType dt, const std::string& where, const std::string& what) {
  int64_t count = 0;
  try {
    count = graph::element_count(dims);
  } catch (const Error& e) {
    fail(where, what + " has invalid dims " + graph::dims_str(dims) + ": " + e.what());
  }
  const uint64_t esize = graph::dtype_size(dt);
  if (static_cast<uint64_t>(count) > graph::max_tensor_bytes() / esize)
    fail(where, what + " declares " + graph::dims_str(dims) + " x " + std::to_string(esize) + " bytes, over the " +
                    std::to_string(graph::max_tensor_bytes()) + "-byte tensor limit",
         "if the model really is this large, raise OHMIC_MAX_TENSOR_BYTES");
  return static_cast<uint64_t>(count) * esize;
}

graph::Tensor tensor_from_proto(const ::onnx::TensorProto& t, const std::string& where) {
  const std::string what = "tensor '" + t.name() + "'";
  DType dt = dtype_from_proto(t.data_type(), where, what);
  if (t.data_location() == ::onnx::TensorProto::EXTERNAL)
    fail(where, what + " keeps its data in an external file that was not loaded",
         "import the model from its file so external data can be found next to it");
  if (t.has_segment()) fail(where, what + " is segmented, which ohmic does not read", "save the tensor in one piece");
  graph::Dims dims(t.dims().begin(), t.dims().end());
  const uint64_t nbytes = checked_tensor_bytes(dims, dt, where, what);
  const auto count = static_cast<int64_t>(nbytes / graph::dtype_size(dt));
  if (t.has_raw_data()) {
    if (t.raw_data().size() != nbytes)
      fail(where, what + " declares " + graph::dims_str(dims) + " (" + std::to_string(nbytes) + " bytes) but its raw_data holds " +
                      std::to_string(t.raw_data().size()) + " bytes",
           "the file is corrupt; re-export the model");
    graph::Tensor out(dt, std::move(dims));
    if (nbytes) std::memcpy(out.raw(), t.raw_data().data(), nbytes);
    return out;
  }
  const int present = typed_field_size(t, dt);
  if (static_cast<int64_t>(present) != count)
    fail(where, what + " declares " + graph::dims_str(dims) + " (" + std::to_string(count) + " elements) but holds " +
                    std::to_string(present) + " values",
         "the file is corrupt; re-export the model");
  graph::Tensor out(dt, std::move(dims));
  copy_typed_field(t, dt, out);
  return out;
}

graph::TensorType type_from_proto(const ::onnx::TypeProto& t, const std::string& where, const std::string& value_name) {
  const std::string what = "value '" + value_name + "'";
  if (!t.has_tensor_type()) {
    std::string kind = t.has_sequence_type()        ? "a sequence"
                       : t.has_map_type()           ? "a map"
                       : t.has_optional_type()      ? "an optional"
                       : t.has_sparse_tensor_type() ? "a sparse tensor"
                                                    : "no tensor";
    fail(where, what + " has " + kind + " type; ohmic handles dense tensors only",
         "export the model with plain tensor inputs and outputs");
  }
  graph::TensorType out;
  const auto& tt = t.tensor_type();
  if (tt.elem_type() != 0) out.dtype = dtype_from_proto(tt.elem_type(), where, what);
  if (tt.has_shape()) {
    graph::Shape shape;
    for (const auto& d : tt.shape().dim()) {
      if (d.has_dim_value() && d.dim_value() >= 0) shape.push_back(graph::Dim::of(d.dim_value()));
      else if (d.has_dim_param()) shape.push_back(graph::Dim::sym(d.dim_param()));
      else shape.push_back(graph::Dim{});
    }
    out.shape = std::move(shape);
  }
  return out;
}

}  // namespace ohmic::onnx::detail
