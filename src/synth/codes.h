// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The small slices of real nomenclatures the generator draws from (internal to
// src/synth): departments with rough populations, countries of birth, drugs,
// hospital stay reasons. CIM-10 codes are in MS_CIM_V, CCAM codes in
// IR_CCAM_V63 and ATC codes in openmedic_ATC5 (../shared/data/snds/
// synthetic-snds/nomenclatures); synth_test.cc checks that they still are.
#ifndef SOVHUB_SYNTH_CODES_H_
#define SOVHUB_SYNTH_CODES_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace sovhub::synth {

struct Department {
  // As in a NIR: "01".."95", "2A", "2B", or "971".."976".
  std::string_view nir_code;
  int thousands;  // inhabitants, rounded: weights the draw of residences
  // The department whose hospitals treat its residents, as the first two
  // digits of their FINESS numbers (see HospitalFiness).
  int hospital_department;
};

std::span<const Department> Departments();
// Cumulative `thousands`, for weighted draws (same order as Departments()).
std::span<const std::int64_t> DepartmentCumulativeWeights();

struct Country {
  int insee_code;  // the 3 digits after 99 in the NIR of a person born there
  int weight;
};
std::span<const Country> BirthCountries();

// The FINESS e-PMSI number of the `k`-th (0-3) hospital serving `department`:
// 9 digits, no leading zero (see the .cc for why).
std::int64_t HospitalFiness(const Department& department, int k);

enum class DrugUse { kDiabetes, kHypertension, kLipids, kAsthmaReliever, kAsthmaController, kAcute };

struct Drug {
  std::string_view cip13;  // PHA_PRS_C13
  std::string_view cip7;   // PHA_PRS_IDE
  std::string_view atc;    // ATC level 5 (PHA_ATC_C07)
  std::string_view atc_label;
  std::string_view name;   // PHA_NOM_COURT; never contains a comma
  int price_cents;         // per box
  DrugUse use;
};

std::span<const Drug> Drugs();
// Indexes into Drugs() that generators refer to by name.
inline constexpr int kMetformin = 0;
inline constexpr int kGliclazide = 1;
inline constexpr int kSitagliptin = 2;
inline constexpr int kFirstAntihypertensive = 3;  // 5 of them, kept together
inline constexpr int kAntihypertensiveCount = 5;
inline constexpr int kFirstStatin = 8;  // 3 of them
inline constexpr int kStatinCount = 3;
inline constexpr int kSalbutamol = 11;
inline constexpr int kFirstAsthmaController = 12;  // 2 of them
inline constexpr int kAsthmaControllerCount = 2;
inline constexpr int kFirstAcuteDrug = 14;  // 4 of them; the last is for adults only
inline constexpr int kAcuteDrugCount = 4;

// Why a person is in hospital: the stay's principal diagnosis, its GHM root
// and its CCAM acts. GHM roots follow the V11 shape (CMD, type, number) with
// the CMD of the diagnosis; the level is appended from the length of stay.
struct StayReason {
  std::string_view principal_diagnosis;  // CIM-10, DGN_PAL
  std::string_view ghm_root;             // 5 characters
  std::string_view first_act;            // CCAM, may be empty
  std::string_view second_act;           // CCAM, may be empty
  int min_nights;
  int max_nights;
  bool via_emergency;  // ENT_PRV 5
};

enum class Stay {
  kDiabetesImbalance, kHeartFailure, kPneumonia, kAsthmaAttack, kAppendicitis,
  kHipArthrosis, kHipFracture, kCataract, kColonoscopy, kChestPain,
  kUrinaryInfection, kAtrialFibrillation, kChildbirth, kLungCancer,
};
inline constexpr int kStayReasonCount = 14;
const StayReason& ReasonFor(Stay stay);

// Associated diagnoses (DAS) that chronic conditions add to every stay.
inline constexpr std::string_view kDiabetesDas = "E119";
inline constexpr std::string_view kHypertensionDas = "I10";
inline constexpr std::string_view kAsthmaDas = "J459";
inline constexpr std::string_view kLipidsDas = "E785";
inline constexpr std::string_view kLiveBirthDas = "Z370";

}  // namespace sovhub::synth

#endif  // SOVHUB_SYNTH_CODES_H_
