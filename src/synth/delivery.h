// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The files of a delivery being generated, and the counters that make its
// join keys unique (internal to src/synth).
#ifndef SOVHUB_SYNTH_DELIVERY_H_
#define SOVHUB_SYNTH_DELIVERY_H_

#include <cstdint>

#include "synth/csv_file.h"

namespace sovhub::synth {

struct Delivery {
  CsvFile* identities = nullptr;     // identities.csv
  CsvFile* beneficiaries = nullptr;  // IR_BEN_R
  CsvFile* prestations = nullptr;    // ER_PRS_F
  CsvFile* pharmacy = nullptr;       // ER_PHA_F
  CsvFile* stays = nullptr;          // T_MCOaaB
  CsvFile* stay_patients = nullptr;  // T_MCOaaC
  CsvFile* diagnoses = nullptr;      // T_MCOaaD
  CsvFile* acts = nullptr;           // T_MCOaaA
  double defect_rate = 0;
  // DCT_ORD_NUM of the next claim: one per claim, so that the 9-column key
  // of ER_PRS_F is unique whatever the other 8 hold.
  std::int64_t next_claim = 1;
  // RSA_NUM of the next stay; T_MCOaaB wants 10 digits.
  std::int64_t next_stay = 1'000'000'000;
};

}  // namespace sovhub::synth

#endif  // SOVHUB_SYNTH_DELIVERY_H_
