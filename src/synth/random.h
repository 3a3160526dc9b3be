// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The generator's pseudo-random numbers (internal to src/synth): the
// deterministic xoshiro256** of core/rng.h, which the dummy cohorts share.
#ifndef SOVHUB_SYNTH_RANDOM_H_
#define SOVHUB_SYNTH_RANDOM_H_

#include "core/rng.h"

namespace sovhub::synth {

using Rng = ::sovhub::Rng;

}  // namespace sovhub::synth

#endif  // SOVHUB_SYNTH_RANDOM_H_
