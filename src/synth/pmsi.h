// SPDX-License-Identifier: AGPL-3.0-or-later
//
// PMSI MCO hospital stays (internal to src/synth): T_MCOaaB (the stay and its
// principal diagnosis), T_MCOaaC (the patient's NIR and the dates), T_MCOaaD
// (associated diagnoses) and T_MCOaaA (CCAM acts), joined on ETA_NUM + RSA_NUM.
#ifndef SOVHUB_SYNTH_PMSI_H_
#define SOVHUB_SYNTH_PMSI_H_

#include <span>
#include <string_view>

#include "core/status.h"
#include "synth/delivery.h"
#include "synth/person.h"
#include "synth/random.h"

namespace sovhub::synth {

std::span<const std::string_view> StayColumns();         // T_MCOaaB
std::span<const std::string_view> StayPatientColumns();  // T_MCOaaC
std::span<const std::string_view> DiagnosisColumns();    // T_MCOaaD
std::span<const std::string_view> ActColumns();          // T_MCOaaA

// Writes `person`'s stays of the care window: a few per hundred persons and
// year, more with age and chronic conditions, childbirths, and for half of
// the deaths a last stay that ends with the death. Stays do not overlap.
Status WriteStays(const Person& person, Rng& rng, Rng& defects, Delivery& delivery);

}  // namespace sovhub::synth

#endif  // SOVHUB_SYNTH_PMSI_H_
