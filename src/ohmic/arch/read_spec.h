#pragma once
// YAML document -> ChipSpec (fields, origins and defaults; no cross-field validation, see validate.h). Internal.
#include <yaml-cpp/yaml.h>

#include <string>

#include "ohmic/arch/spec.h"
#include "ohmic/arch/yaml_reader.h"

namespace ohmic::arch::detail {

ChipSpec read_chip(YamlDoc& doc, const YAML::Node& root, const std::string& id);

}  // namespace ohmic::arch::detail
