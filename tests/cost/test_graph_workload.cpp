// ONNX models -> cost workloads: MACs agree with graph::layer_stats (the importer's independent count), and
// activations on MVM outputs fold into post-processing.
#include <gtest/gtest.h>

#include <filesystem>

#include "ohmic/cost/chip_estimate.h"
#include "ohmic/cost/workload/graph_workload.h"
#include "ohmic/graph/layer_stats.h"
#include "ohmic/onnx/importer.h"
#include "test_chips.h"

namespace ohmic::cost {
namespace {

TEST(GraphWorkload, MacsAgreeWithLayerStatsOnBundledModels) {
  int checked = 0;
  for (const char* name : {"fmnist_cnn.onnx", "fmnist_mlp.onnx", "fmnist_resnet.onnx", "fmnist_transformer.onnx"}) {
    const std::string path = std::string(OHMIC_SOURCE_DIR) + "/models/" + name;
    if (!std::filesystem::exists(path)) continue;
    SCOPED_TRACE(name);
    onnx::ImportOptions options;
    options.batch = 1;  // concrete shapes throughout (what `ohmic estimate` imports with)
    const graph::Graph g = onnx::import_model(path, options);
    int64_t stats_macs = 0;
    for (const auto& s : graph::layer_stats(g, 1)) {
      ASSERT_TRUE(s.macs_known) << s.name;
      stats_macs += s.macs;
    }
    const Workload w = graph_workload(g, name);
    EXPECT_EQ(w.total_macs(), stats_macs);
    EXPECT_GT(w.total_weights(), 0);
    // conv -> relu -> pool: every ReLU reads a conv output and is folded (a ReLU after a residual Add is not).
    if (std::string(name) == "fmnist_cnn.onnx") {
      for (const auto& l : w.layers) {
        EXPECT_EQ(l.name.find("Relu"), std::string::npos) << "not folded: " << l.name;
      }
    }
    EXPECT_GT(estimate_chip(w, *testing::reram_chip(8), 1).energy_per_sample_j, 0);
    ++checked;
  }
  EXPECT_GE(checked, 1) << "no bundled model found under models/";
}

}  // namespace
}  // namespace ohmic::cost
