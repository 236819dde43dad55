// TensorProto data for every dtype graph::Tensor stores, from raw_data and from the typed field, via read_tensor_pb.
#include <gtest/gtest.h>

#include <cstring>

#include "model_proto_builder.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::onnx {
namespace {

using namespace testing;  // NOLINT
using graph::DType;

// Values -1, 0, 1, 2 (or 0, 1, 2, 3 for unsigned types and bool as 1, 0, 1, 1), stored both ways.
struct Case {
  int onnx_type;
  DType dtype;
  std::vector<double> values;
};

template <class T>
std::string raw_bytes(const std::vector<double>& v) {
  std::string s(v.size() * sizeof(T), '\0');
  for (size_t i = 0; i < v.size(); ++i) {
    T x = static_cast<T>(v[i]);
    std::memcpy(s.data() + i * sizeof(T), &x, sizeof(T));
  }
  return s;
}

::onnx::TensorProto make(const Case& c, bool raw) {
  ::onnx::TensorProto t;
  t.set_name("t");
  t.set_data_type(c.onnx_type);
  t.add_dims(static_cast<int64_t>(c.values.size()));
  using P = ::onnx::TensorProto;
  if (raw) {
    switch (c.onnx_type) {
      case P::FLOAT: t.set_raw_data(raw_bytes<float>(c.values)); break;
      case P::DOUBLE: t.set_raw_data(raw_bytes<double>(c.values)); break;
      case P::INT8: t.set_raw_data(raw_bytes<int8_t>(c.values)); break;
      case P::UINT8:
      case P::BOOL: t.set_raw_data(raw_bytes<uint8_t>(c.values)); break;
      case P::INT16: t.set_raw_data(raw_bytes<int16_t>(c.values)); break;
      case P::UINT16: t.set_raw_data(raw_bytes<uint16_t>(c.values)); break;
      case P::INT32: t.set_raw_data(raw_bytes<int32_t>(c.values)); break;
      case P::UINT32: t.set_raw_data(raw_bytes<uint32_t>(c.values)); break;
      case P::INT64: t.set_raw_data(raw_bytes<int64_t>(c.values)); break;
      case P::UINT64: t.set_raw_data(raw_bytes<uint64_t>(c.values)); break;
      default: break;
    }
    return t;
  }
  for (double v : c.values) {
    switch (c.onnx_type) {
      case P::FLOAT: t.add_float_data(static_cast<float>(v)); break;
      case P::DOUBLE: t.add_double_data(v); break;
      case P::INT64: t.add_int64_data(static_cast<int64_t>(v)); break;
      case P::UINT32: case P::UINT64: t.add_uint64_data(static_cast<uint64_t>(v)); break;
      default: t.add_int32_data(static_cast<int32_t>(v)); break;
    }
  }
  return t;
}

TEST(OnnxTensorData, EveryNumericDtypeRawAndTyped) {
  using P = ::onnx::TensorProto;
  const std::vector<Case> cases = {
      {P::FLOAT, DType::Float32, {-1.5, 0, 1, 2.25}}, {P::DOUBLE, DType::Float64, {-1.5, 0, 1, 1e300}},
      {P::INT8, DType::Int8, {-128, 0, 1, 127}},      {P::UINT8, DType::UInt8, {0, 1, 2, 255}},
      {P::INT16, DType::Int16, {-32768, 0, 1, 32767}}, {P::UINT16, DType::UInt16, {0, 1, 2, 65535}},
      {P::INT32, DType::Int32, {-2147483648.0, 0, 1, 2147483647.0}},
      {P::UINT32, DType::UInt32, {0, 1, 2, 4294967295.0}},
      {P::INT64, DType::Int64, {-9007199254740992.0, 0, 1, 9007199254740992.0}},
      {P::UINT64, DType::UInt64, {0, 1, 2, 18014398509481984.0}}, {P::BOOL, DType::Bool, {1, 0, 1, 1}},
  };
  TempDir dir;
  for (const auto& c : cases) {
    for (bool raw : {true, false}) {
      dir.write("t.pb", make(c, raw).SerializeAsString());
      graph::Tensor t = read_tensor_pb(dir.file("t.pb"));
      SCOPED_TRACE(std::string(graph::dtype_name(c.dtype)) + (raw ? " raw" : " typed"));
      EXPECT_EQ(t.dtype(), c.dtype);
      EXPECT_EQ(t.dims(), (graph::Dims{4}));
      EXPECT_EQ(t.to_doubles(), c.values);
    }
  }
}

TEST(OnnxTensorData, HalfTypesKeepTheirBits) {
  for (int type : {::onnx::TensorProto::FLOAT16, ::onnx::TensorProto::BFLOAT16}) {
    ::onnx::TensorProto typed, raw;
    for (auto* t : {&typed, &raw}) {
      t->set_data_type(type);
      t->add_dims(2);
    }
    typed.add_int32_data(0x3c00);
    typed.add_int32_data(0xc000);
    const uint16_t bits[2] = {0x3c00, 0xc000};
    raw.set_raw_data(std::string(reinterpret_cast<const char*>(bits), sizeof bits));
    TempDir dir;
    for (auto* t : {&typed, &raw}) {
      dir.write("h.pb", t->SerializeAsString());
      graph::Tensor h = read_tensor_pb(dir.file("h.pb"));
      ASSERT_EQ(graph::dtype_size(h.dtype()), 2u);
      const auto* p = static_cast<const uint16_t*>(h.raw());
      EXPECT_EQ(p[0], 0x3c00);
      EXPECT_EQ(p[1], 0xc000);
    }
  }
}

TEST(OnnxTensorData, UnsupportedElementTypesAreNamed) {
  TempDir dir;
  ::onnx::TensorProto c;
  c.set_data_type(::onnx::TensorProto::COMPLEX64);
  c.add_dims(1);
  c.add_float_data(1);
  c.add_float_data(2);
  dir.write("c.pb", c.SerializeAsString());
  try {
    read_tensor_pb(dir.file("c.pb"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("COMPLEX64"), std::string::npos) << e.what();
  }
  ::onnx::TensorProto undefined;
  undefined.add_dims(1);
  dir.write("u.pb", undefined.SerializeAsString());
  EXPECT_THROW(read_tensor_pb(dir.file("u.pb")), Error);
}

}  // namespace
}  // namespace ohmic::onnx
