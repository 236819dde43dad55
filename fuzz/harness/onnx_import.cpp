// ONNX importer: bytes -> protobuf parse -> opset/op checks -> external data -> checker -> shape inference ->
// graph build -> graph::verify. The base directory for external data is the harness's empty private temp
// directory, so a model's "location" entries can only miss.
#include "harness.h"
#include "ohmic/graph/graph.h"
#include "ohmic/onnx/importer.h"

namespace ohmic::fuzz {
namespace {

void run(std::span<const uint8_t> input) {
  graph::Graph g = onnx::import_model_from_bytes(input, "fuzz.onnx", temp_dir().string());
  graph::verify(g);        // the importer verifies already; a second check must agree with it
  (void)graph::dump(g);    // the text form must cope with whatever the importer accepted
}

const bool registered = register_harness("onnx_import", &run);

}  // namespace
}  // namespace ohmic::fuzz
