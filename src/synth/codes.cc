// SPDX-License-Identifier: AGPL-3.0-or-later
#include "synth/codes.h"

#include <array>
#include <cstddef>

namespace sovhub::synth {
namespace {

// Populations in thousands (INSEE, around 2020, rounded): only their ratios
// matter, to give Paris and the Nord more residents than the Lozère.
// T_MCOaaB declares ETA_NUM an integer of at least 100000000, which no FINESS
// of departments 01-09 (leading zero) or of Corsica (2A/2B) can be: their
// residents go to hospitals of the neighbouring department named here.
constexpr std::array<Department, 102> kDepartments = {{
    {"01", 650, 69},  {"02", 530, 80},  {"03", 335, 63},  {"04", 165, 13},
    {"05", 141, 38},  {"06", 1090, 83}, {"07", 328, 26},  {"08", 270, 51},
    {"09", 153, 31},  {"10", 310, 10},  {"11", 375, 11},  {"12", 280, 12},
    {"13", 2040, 13}, {"14", 695, 14},  {"15", 144, 15},  {"16", 352, 16},
    {"17", 650, 17},  {"18", 300, 18},  {"19", 240, 19},  {"2A", 160, 13},
    {"2B", 180, 13},  {"21", 535, 21},  {"22", 600, 22},  {"23", 117, 23},
    {"24", 413, 24},  {"25", 540, 25},  {"26", 516, 26},  {"27", 600, 27},
    {"28", 430, 28},  {"29", 915, 29},  {"30", 750, 30},  {"31", 1400, 31},
    {"32", 191, 32},  {"33", 1620, 33}, {"34", 1180, 34}, {"35", 1080, 35},
    {"36", 220, 36},  {"37", 610, 37},  {"38", 1270, 38}, {"39", 260, 39},
    {"40", 410, 40},  {"41", 330, 41},  {"42", 765, 42},  {"43", 227, 43},
    {"44", 1430, 44}, {"45", 680, 45},  {"46", 174, 46},  {"47", 331, 47},
    {"48", 76, 48},   {"49", 815, 49},  {"50", 495, 50},  {"51", 566, 51},
    {"52", 172, 52},  {"53", 307, 53},  {"54", 733, 54},  {"55", 184, 55},
    {"56", 760, 56},  {"57", 1045, 57}, {"58", 204, 58},  {"59", 2600, 59},
    {"60", 829, 60},  {"61", 280, 61},  {"62", 1465, 62}, {"63", 660, 63},
    {"64", 682, 64},  {"65", 228, 65},  {"66", 480, 66},  {"67", 1140, 67},
    {"68", 765, 68},  {"69", 1870, 69}, {"70", 235, 70},  {"71", 550, 71},
    {"72", 566, 72},  {"73", 436, 73},  {"74", 826, 74},  {"75", 2165, 75},
    {"76", 1255, 76}, {"77", 1420, 77}, {"78", 1450, 78}, {"79", 375, 79},
    {"80", 570, 80},  {"81", 389, 81},  {"82", 260, 82},  {"83", 1075, 83},
    {"84", 560, 84},  {"85", 685, 85},  {"86", 437, 86},  {"87", 372, 87},
    {"88", 364, 88},  {"89", 335, 89},  {"90", 141, 90},  {"91", 1300, 91},
    {"92", 1620, 92}, {"93", 1650, 93}, {"94", 1400, 94}, {"95", 1250, 95},
    {"971", 385, 97}, {"972", 360, 97}, {"973", 285, 97}, {"974", 860, 97},
    {"975", 6, 97},   {"976", 280, 97},
}};

constexpr std::array<std::int64_t, kDepartments.size()> CumulativeWeights() {
  std::array<std::int64_t, kDepartments.size()> cumulative{};
  std::int64_t total = 0;
  for (std::size_t i = 0; i < kDepartments.size(); ++i) {
    total += kDepartments[i].thousands;
    cumulative[i] = total;
  }
  return cumulative;
}
constexpr std::array<std::int64_t, kDepartments.size()> kCumulativeWeights =
    CumulativeWeights();

// INSEE country codes (after the 99 of a birth abroad), weighted roughly like
// the countries of birth of France's immigrant population.
constexpr std::array<Country, 11> kBirthCountries = {{
    {352, 25},  // Algeria
    {350, 22},  // Morocco
    {139, 12},  // Portugal
    {351, 9},   // Tunisia
    {127, 6},   // Italy
    {134, 5},   // Spain
    {208, 5},   // Turkey
    {109, 3},   // Germany
    {131, 3},   // Belgium
    {132, 3},   // United Kingdom
    {341, 7},   // Senegal
}};

// The CIP codes have the real shape (34009, a 7-digit CIP, an EAN-13 check
// digit) but are invented: the drug referential IR_PHA_R is not among the
// nomenclatures here, so no real code could be checked. IR_PHA_R.csv, written
// with the delivery, maps them to their real ATC codes. Prices are plausible
// public prices per box.
constexpr std::array<Drug, 18> kDrugs = {{
    {"3400993010111", "9301011", "A10BA02", "METFORMINE", "METFORMINE 1000MG CPR 30", 308, DrugUse::kDiabetes},
    {"3400993010289", "9301028", "A10BB09", "GLICLAZIDE", "GLICLAZIDE 30MG CPR LM 30", 265, DrugUse::kDiabetes},
    {"3400993010340", "9301034", "A10BH01", "SITAGLIPTINE", "SITAGLIPTINE 100MG CPR 28", 2790, DrugUse::kDiabetes},
    {"3400993020158", "9302015", "C09AA05", "RAMIPRIL", "RAMIPRIL 5MG CPR 90", 780, DrugUse::kHypertension},
    {"3400993020219", "9302021", "C09AA04", "PERINDOPRIL", "PERINDOPRIL 5MG CPR 90", 990, DrugUse::kHypertension},
    {"3400993020387", "9302038", "C09CA01", "LOSARTAN", "LOSARTAN 50MG CPR 90", 890, DrugUse::kHypertension},
    {"3400993020448", "9302044", "C08CA01", "AMLODIPINE", "AMLODIPINE 5MG GELU 90", 570, DrugUse::kHypertension},
    {"3400993020509", "9302050", "C07AB07", "BISOPROLOL", "BISOPROLOL 5MG CPR 90", 650, DrugUse::kHypertension},
    {"3400993030126", "9303012", "C10AA05", "ATORVASTATINE", "ATORVASTATINE 20MG CPR 90", 1460, DrugUse::kLipids},
    {"3400993030294", "9303029", "C10AA01", "SIMVASTATINE", "SIMVASTATINE 20MG CPR 84", 890, DrugUse::kLipids},
    {"3400993030355", "9303035", "C10AA07", "ROSUVASTATINE", "ROSUVASTATINE 10MG CPR 90", 1520, DrugUse::kLipids},
    {"3400993040118", "9304011", "R03AC02", "SALBUTAMOL", "SALBUTAMOL 100UG INHAL 200 DOSES", 385, DrugUse::kAsthmaReliever},
    {"3400993040286", "9304028", "R03AK07", "FORMOTEROL ET BUDESONIDE", "BUDESONIDE/FORMOTEROL 200/6UG INHAL 120 DOSES", 3380, DrugUse::kAsthmaController},
    {"3400993040347", "9304034", "R03AK06", "SALMETEROL ET FLUTICASONE", "FLUTICASONE/SALMETEROL 250/50UG INHAL 60 DOSES", 2990, DrugUse::kAsthmaController},
    {"3400993050100", "9305010", "J01CA04", "AMOXICILLINE", "AMOXICILLINE 1G CPR 6", 220, DrugUse::kAcute},
    {"3400993050278", "9305027", "N02BE01", "PARACETAMOL", "PARACETAMOL 1G CPR 8", 116, DrugUse::kAcute},
    {"3400993050339", "9305033", "M01AE01", "IBUPROFENE", "IBUPROFENE 400MG CPR 12", 174, DrugUse::kAcute},
    {"3400993050407", "9305040", "A02BC01", "OMEPRAZOLE", "OMEPRAZOLE 20MG GELU 14", 294, DrugUse::kAcute},
}};

constexpr std::array<StayReason, kStayReasonCount> kStayReasons = {{
    {"E118", "10M02", "", "", 2, 6, false},                // kDiabetesImbalance
    {"I500", "05M09", "DZQM006", "DEQP003", 3, 10, true},  // kHeartFailure
    {"J189", "04M05", "ZBQK002", "", 2, 8, true},          // kPneumonia
    {"J459", "04M15", "ZBQK002", "", 1, 4, true},          // kAsthmaAttack
    {"K358", "06C09", "HHFA016", "", 1, 3, true},          // kAppendicitis
    {"M161", "08C48", "NEKA020", "", 3, 7, false},         // kHipArthrosis
    {"S7200", "08C47", "NEKA020", "ZBQK002", 5, 12, true}, // kHipFracture
    {"H259", "02C05", "BFGA427", "", 0, 0, false},         // kCataract
    {"K635", "06K04", "HHQE005", "", 0, 0, false},         // kColonoscopy
    {"R074", "05M19", "DEQP003", "", 0, 1, true},          // kChestPain
    {"N390", "11M04", "", "", 1, 5, true},                 // kUrinaryInfection
    {"I480", "05M12", "DEQP003", "DZQM006", 1, 4, true},   // kAtrialFibrillation
    {"O800", "14Z14", "JQGD012", "", 2, 4, false},         // kChildbirth
    {"C349", "04M08", "ZBQK002", "", 2, 15, false},        // kLungCancer
}};

}  // namespace

std::span<const Department> Departments() { return kDepartments; }

std::span<const std::int64_t> DepartmentCumulativeWeights() { return kCumulativeWeights; }

std::span<const Country> BirthCountries() { return kBirthCountries; }

std::int64_t HospitalFiness(const Department& department, int k) {
  // Overseas FINESS numbers start with the 3-digit department (971...).
  std::int64_t prefix = department.hospital_department;
  std::int64_t span = 10'000'000;
  if (prefix == 97) {
    prefix = 970 + (department.nir_code[2] - '0');
    span = 1'000'000;
  }
  // Any fixed mixing of (department, k) will do: the numbers only need to be
  // stable, distinct and 9 digits long.
  std::int64_t mixed = (prefix * 7919 + k * 104729 + 4091) * 2654435761 % span;
  return prefix * span + mixed;
}

std::span<const Drug> Drugs() { return kDrugs; }

const StayReason& ReasonFor(Stay stay) { return kStayReasons[static_cast<std::size_t>(stay)]; }

}  // namespace sovhub::synth
