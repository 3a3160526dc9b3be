// SPDX-License-Identifier: AGPL-3.0-or-later
//
// DCIR claims (internal to src/synth): ER_PRS_F, one row per claim, and
// ER_PHA_F, one row per drug dispensed, joined on the 9 DCIR keys.
#ifndef SOVHUB_SYNTH_DCIR_H_
#define SOVHUB_SYNTH_DCIR_H_

#include <span>
#include <string_view>

#include "core/status.h"
#include "synth/delivery.h"
#include "synth/person.h"
#include "synth/random.h"

namespace sovhub::synth {

std::span<const std::string_view> PrestationColumns();  // ER_PRS_F
std::span<const std::string_view> PharmacyColumns();    // ER_PHA_F

// Writes `person`'s claims of the care window: consultations (general
// practitioner, and specialists for chronic conditions), chronic treatments
// (monthly for diabetes, quarterly boxes otherwise), and occasional acute
// prescriptions. `*last_processed` receives the latest FLX_TRT_DTD written,
// or stays as it was when the person has no claim.
Status WriteClaims(const Person& person, Rng& rng, Rng& defects, Delivery& delivery,
                   int* last_processed);

}  // namespace sovhub::synth

#endif  // SOVHUB_SYNTH_DCIR_H_
