#include "ohmic/graph/dtype.h"

namespace ohmic::graph {

size_t dtype_size(DType t) {
  switch (t) {
    case DType::Float32: case DType::Int32: case DType::UInt32: return 4;
    case DType::Float64: case DType::Int64: case DType::UInt64: return 8;
    case DType::Int16: case DType::UInt16: case DType::Float16: case DType::BFloat16: return 2;
    case DType::Int8: case DType::UInt8: case DType::Bool: return 1;
    case DType::Undefined: case DType::String: return 0;
  }
  return 0;
}

std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::Undefined: return "undefined";
    case DType::Float32: return "f32";
    case DType::UInt8: return "u8";
    case DType::Int8: return "i8";
    case DType::UInt16: return "u16";
    case DType::Int16: return "i16";
    case DType::Int32: return "i32";
    case DType::Int64: return "i64";
    case DType::String: return "string";
    case DType::Bool: return "bool";
    case DType::Float16: return "f16";
    case DType::Float64: return "f64";
    case DType::UInt32: return "u32";
    case DType::UInt64: return "u64";
    case DType::BFloat16: return "bf16";
  }
  return "?";
}

std::optional<DType> dtype_from_onnx(int t) {
  switch (t) {
    case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12: case 13: case 16:
      return static_cast<DType>(t);
    default: return std::nullopt;
  }
}

bool dtype_is_float(DType t) {
  return t == DType::Float32 || t == DType::Float64 || t == DType::Float16 || t == DType::BFloat16;
}

bool dtype_is_integer(DType t) {
  switch (t) {
    case DType::UInt8: case DType::Int8: case DType::UInt16: case DType::Int16: case DType::Int32: case DType::Int64:
    case DType::UInt32: case DType::UInt64: return true;
    default: return false;
  }
}

}  // namespace ohmic::graph
