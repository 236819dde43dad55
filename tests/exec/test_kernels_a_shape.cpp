// Shape kernels: Reshape/Flatten/Squeeze/Unsqueeze/Transpose/Expand/Slice/Split/Concat/Gather on several element
// types (bool included), opset variants, errors.
#include <numeric>

#include "ohmic/core/parallel.h"
#include "test_kernels_harness.h"

using namespace kernel_test;

namespace {

Tensor iota_f32(Dims dims) {
  Tensor x(DType::Float32, std::move(dims));
  std::iota(x.data<float>(), x.data<float>() + x.numel(), 0.0f);
  return x;
}

TEST(KernelsA_Shape, ReshapeTable) {
  struct Case {
    const char* name;
    Dims in;
    std::vector<int64_t> shape;
    int64_t allowzero;
    Dims out;
  };
  const std::vector<Case> cases = {
      {"plain", {2, 3, 4}, {4, 6}, 0, {4, 6}},
      {"infer", {2, 3, 4}, {-1, 4}, 0, {6, 4}},
      {"copy dim", {2, 3, 4}, {0, -1}, 0, {2, 12}},
      {"copy two", {2, 3, 4}, {0, 0, 2, 2}, 0, {2, 3, 2, 2}},
      {"to scalar", {1, 1}, {}, 0, {}},
      {"allowzero keeps 0", {0, 3}, {3, 0}, 1, {3, 0}},
      {"zero copies even with empty", {0, 3}, {0, 3}, 0, {0, 3}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Tensor x = iota_f32(c.in);
    Tensor shape = Tensor::from<int64_t>({static_cast<int64_t>(c.shape.size())}, std::span<const int64_t>(c.shape));
    Tensor y = run1(OpKind::Reshape, {x, shape}, {{"allowzero", c.allowzero}});
    EXPECT_EQ(y.dims(), c.out);
    EXPECT_EQ(y.to_doubles(), x.to_doubles());
  }
  expect_error([] { run1(OpKind::Reshape, {iota_f32({2, 3}), i64s({4, 2})}); }, "same element count");
  expect_error([] { run1(OpKind::Reshape, {iota_f32({2, 3}), i64s({-1, -1})}); }, "more than one -1");
  expect_error([] { run1(OpKind::Reshape, {iota_f32({2, 3}), i64s({-1, 4})}); }, "cannot infer");
  expect_error([] { run1(OpKind::Reshape, {iota_f32({6}), i64s({6, 0})}); }, "copies dimension 1");
  expect_error([] { run1(OpKind::Reshape, {iota_f32({6}), i64s({-2, -3})}); }, "negative dimension");
}

TEST(KernelsA_Shape, FlattenSqueezeUnsqueeze) {
  Tensor x = iota_f32({2, 3, 4});
  EXPECT_EQ(run1(OpKind::Flatten, {x}).dims(), (Dims{2, 12}));
  EXPECT_EQ(run1(OpKind::Flatten, {x}, {{"axis", int64_t{0}}}).dims(), (Dims{1, 24}));
  EXPECT_EQ(run1(OpKind::Flatten, {x}, {{"axis", int64_t{3}}}).dims(), (Dims{24, 1}));
  EXPECT_EQ(run1(OpKind::Flatten, {x}, {{"axis", int64_t{-1}}}).dims(), (Dims{6, 4}));
  expect_error([&] { run1(OpKind::Flatten, {x}, {{"axis", int64_t{4}}}); }, "out of range");

  Tensor s = iota_f32({1, 3, 1, 2});
  EXPECT_EQ(run1(OpKind::Squeeze, {s}).dims(), (Dims{3, 2}));
  EXPECT_EQ(run1(OpKind::Squeeze, {s, i64s({-2})}).dims(), (Dims{1, 3, 2}));
  EXPECT_EQ(run1(OpKind::Squeeze, {s}, {{"axes", std::vector<int64_t>{0}}}).dims(), (Dims{3, 1, 2}));  // opset 11
  expect_error([&] { run1(OpKind::Squeeze, {s, i64s({1})}); }, "not 1");

  EXPECT_EQ(run1(OpKind::Unsqueeze, {x, i64s({0, 4})}).dims(), (Dims{1, 2, 3, 4, 1}));
  EXPECT_EQ(run1(OpKind::Unsqueeze, {x, i64s({-1})}).dims(), (Dims{2, 3, 4, 1}));
  EXPECT_EQ(run1(OpKind::Unsqueeze, {x, i64s({3, 1})}).dims(), (Dims{2, 1, 3, 1, 4}));
  EXPECT_EQ(run1(OpKind::Unsqueeze, {x}, {{"axes", std::vector<int64_t>{1}}}).dims(), (Dims{2, 1, 3, 4}));
  EXPECT_EQ(run1(OpKind::Unsqueeze, {f32({}, {1})}, {{"axes", std::vector<int64_t>{0}}}).dims(), (Dims{1}));
  expect_error([&] { run1(OpKind::Unsqueeze, {x, i64s({1, 1})}); }, "repeat");
  expect_error([&] { run1(OpKind::Unsqueeze, {x}); }, "no axes");
}

TEST(KernelsA_Shape, TransposeAnyType) {
  Tensor x = iota_f32({2, 3});
  expect_tensor<float>(run1(OpKind::Transpose, {x}), {3, 2}, {0, 3, 1, 4, 2, 5});
  Tensor b = t<bool>({2, 1, 2}, {true, false, false, true});
  expect_tensor<bool>(run1(OpKind::Transpose, {b}, {{"perm", std::vector<int64_t>{2, 0, 1}}}), {2, 2, 1},
                      {true, false, false, true});
  Tensor y = iota_f32({2, 3, 4});
  Tensor tr = run1(OpKind::Transpose, {y}, {{"perm", std::vector<int64_t>{1, 2, 0}}});
  ASSERT_EQ(tr.dims(), (Dims{3, 4, 2}));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) EXPECT_EQ(tr.data<float>()[(j * 4 + k) * 2 + i], float(i * 12 + j * 4 + k));
  expect_error([&] { run1(OpKind::Transpose, {y}, {{"perm", std::vector<int64_t>{0, 0, 1}}}); }, "repeat");
  expect_error([&] { run1(OpKind::Transpose, {y}, {{"perm", std::vector<int64_t>{0, 1}}}); }, "entries");
}

TEST(KernelsA_Shape, LargeTransposeMatchesSerial) {
  Tensor x = iota_f32({3, 130, 200});
  Tensor par = run1(OpKind::Transpose, {x}, {{"perm", std::vector<int64_t>{2, 0, 1}}});
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 130; ++b)
      for (int c = 0; c < 200; ++c)
        ASSERT_EQ(par.data<float>()[(c * 3 + a) * 130 + b], float((a * 130 + b) * 200 + c));
  ohmic::ThreadLimit one(1);
  Tensor ser = run1(OpKind::Transpose, {x}, {{"perm", std::vector<int64_t>{2, 0, 1}}});
  EXPECT_EQ(0, std::memcmp(ser.raw(), par.raw(), par.nbytes()));
}

TEST(KernelsA_Shape, Expand) {
  expect_tensor<int32_t>(run1(OpKind::Expand, {t<int32_t>({3, 1}, {1, 2, 3}), i64s({2, 1, 2})}), {2, 3, 2},
                         {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3});
  // a 1 in the shape keeps the input's dimension (bidirectional broadcast)
  expect_tensor<float>(run1(OpKind::Expand, {f32({3}, {1, 2, 3}), i64s({1})}), {3}, {1, 2, 3});
  expect_error([] { run1(OpKind::Expand, {f32({3}, {1, 2, 3}), i64s({2})}); }, "do not broadcast");
}

TEST(KernelsA_Shape, SliceTable) {
  struct Case {
    const char* name;
    std::vector<int64_t> starts, ends, axes, steps;
    Dims out;
    std::vector<float> want;
  };
  // x[3, 4] = 0..11
  const std::vector<Case> cases = {
      {"basic", {1, 0}, {2, 3}, {0, 1}, {1, 2}, {1, 2}, {4, 6}},
      {"default axes/steps", {0, 1}, {2, 3}, {}, {}, {2, 2}, {1, 2, 5, 6}},
      {"negative start", {-1}, {1000}, {1}, {}, {3, 1}, {3, 7, 11}},
      {"negative axis", {1}, {3}, {-1}, {}, {3, 2}, {1, 2, 5, 6, 9, 10}},
      {"reverse all", {-1}, {std::numeric_limits<int64_t>::min()}, {1}, {-1}, {3, 4},
       {3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8}},
      {"reverse step 2", {10}, {-100}, {0}, {-2}, {2, 4}, {8, 9, 10, 11, 0, 1, 2, 3}},
      {"start out of bounds", {5}, {9}, {0}, {}, {0, 4}, {}},
      {"empty range", {2}, {1}, {1}, {}, {3, 0}, {}},
  };
  Tensor x = iota_f32({3, 4});
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto vec = [](const std::vector<int64_t>& v) {
      return Tensor::from<int64_t>({static_cast<int64_t>(v.size())}, std::span<const int64_t>(v));
    };
    Inputs in{x, vec(c.starts), vec(c.ends)};
    in.push_back(c.axes.empty() ? std::nullopt : std::optional<Tensor>(vec(c.axes)));
    if (!c.steps.empty()) in.push_back(vec(c.steps));
    expect_tensor<float>(run1(OpKind::Slice, in), c.out, c.want);
  }
  // opset 1: attributes
  expect_tensor<float>(run1(OpKind::Slice, {x}, {{"starts", std::vector<int64_t>{1}}, {"ends", std::vector<int64_t>{2}}}),
                       {1, 4}, {4, 5, 6, 7});
  expect_error([&] { run1(OpKind::Slice, {x, i64s({0}), i64s({1}), i64s({0}), i64s({0})}); }, "step");
  expect_error([&] { run1(OpKind::Slice, {x, i64s({0}), i64s({1}), i64s({2})}); }, "out of range");
  expect_error([&] { run1(OpKind::Slice, {x, i64s({0, 0}), i64s({1})}); }, "entries");
}

TEST(KernelsA_Shape, Split) {
  Tensor x = iota_f32({2, 6});
  auto parts = run_op(OpKind::Split, {x}, {{"axis", int64_t{1}}}, 3);
  expect_tensor<float>(parts[0], {2, 2}, {0, 1, 6, 7});
  expect_tensor<float>(parts[2], {2, 2}, {4, 5, 10, 11});
  parts = run_op(OpKind::Split, {x, i64s({1, 5})}, {{"axis", int64_t{-1}}}, 2);
  expect_tensor<float>(parts[0], {2, 1}, {0, 6});
  expect_tensor<float>(parts[1], {2, 5}, {1, 2, 3, 4, 5, 7, 8, 9, 10, 11});
  parts = run_op(OpKind::Split, {x}, {{"split", std::vector<int64_t>{1, 1}}}, 2);  // opset 11 attribute
  expect_tensor<float>(parts[1], {1, 6}, {6, 7, 8, 9, 10, 11});
  parts = run_op(OpKind::Split, {x, i64s({6, 0})}, {{"axis", int64_t{1}}}, 2);  // zero-size part
  EXPECT_EQ(parts[1].dims(), (Dims{2, 0}));
  parts = run_op(OpKind::Split, {iota_f32({5})}, {{"num_outputs", int64_t{2}}}, 2);  // opset 18 uneven
  expect_tensor<float>(parts[0], {3}, {0, 1, 2});
  expect_tensor<float>(parts[1], {2}, {3, 4});
  expect_error([&] { run_op(OpKind::Split, {x}, {{"axis", int64_t{1}}}, 4); }, "equal parts");
  expect_error([&] { run_op(OpKind::Split, {x, i64s({2, 2})}, {{"axis", int64_t{1}}}, 2); }, "add up to");
}

TEST(KernelsA_Shape, Concat) {
  expect_tensor<float>(run1(OpKind::Concat, {f32({2, 1}, {1, 2}), f32({2, 2}, {3, 4, 5, 6})}, {{"axis", int64_t{-1}}}),
                       {2, 3}, {1, 3, 4, 2, 5, 6});
  expect_tensor<int64_t>(run1(OpKind::Concat, {i64s({1}), i64({0}, {}), i64s({2, 3})}, {{"axis", int64_t{0}}}), {3},
                         {1, 2, 3});
  expect_tensor<bool>(run1(OpKind::Concat, {t<bool>({1}, {true}), t<bool>({1}, {false})}, {{"axis", int64_t{0}}}), {2},
                      {true, false});
  expect_error([] { run1(OpKind::Concat, {f32({2, 1}, {1, 2}), f32({1, 1}, {3})}, {{"axis", int64_t{1}}}); },
               "incompatible");
  expect_error([] { run1(OpKind::Concat, {f32({1}, {1}), i64s({1})}, {{"axis", int64_t{0}}}); }, "type");
  expect_error([] { run1(OpKind::Concat, {f32({1}, {1})}); }, "'axis' is required");
}

TEST(KernelsA_Shape, Gather) {
  Tensor x = iota_f32({3, 2});
  expect_tensor<float>(run1(OpKind::Gather, {x, i64({2, 2}, {0, 1, 2, -1})}), {2, 2, 2}, {0, 1, 2, 3, 4, 5, 4, 5});
  expect_tensor<float>(run1(OpKind::Gather, {x, t<int32_t>({}, {1})}, {{"axis", int64_t{1}}}), {3}, {1, 3, 5});
  expect_tensor<float>(run1(OpKind::Gather, {x, i64s({-2, 0})}, {{"axis", int64_t{-1}}}), {3, 2}, {0, 0, 2, 2, 4, 4});
  expect_tensor<bool>(run1(OpKind::Gather, {t<bool>({3}, {false, true, false}), i64s({1})}), {1}, {true});
  expect_error([&] { run1(OpKind::Gather, {x, i64s({3})}); }, "out of range");
  expect_error([&] { run1(OpKind::Gather, {x, f32({1}, {0})}); }, "int32 or int64");
}

}  // namespace
