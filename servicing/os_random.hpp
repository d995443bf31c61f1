// The production random source: the engine's SeededRandom seeded once from the operating
// system, for the CMIDs that install-key gives new installations. Tests seed their own.
#pragma once

#include "engine/random_source.hpp"

namespace kmsprep {

SeededRandom random_seeded_by_operating_system();

}  // namespace kmsprep
