// SPDX-License-Identifier: AGPL-3.0-or-later
#include "synth/pmsi.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "core/civil_date.h"
#include "synth/codes.h"
#include "synth/synth.h"

namespace sovhub::synth {
namespace {

// ETA_NUM and RSA_NUM come first in every table, so that a truncated
// T_MCOaaB row keeps its key.
constexpr std::string_view kStayColumns[] = {
    "ETA_NUM", "RSA_NUM", "DGN_PAL", "GRG_GHM", "AGE_ANN", "AGE_JOU", "COD_SEX",
    "BDI_DEP", "BDI_COD", "SOR_ANN", "SOR_MOI", "ENT_MOD", "ENT_PRV", "SOR_MOD",
    "SEJ_NBJ", "NBR_DGN", "NBR_ACT", "NBR_RUM",
};
constexpr std::string_view kStayPatientColumns[] = {
    "ETA_NUM", "RSA_NUM", "NIR_ANO_17", "SEJ_NUM", "ENT_DAT", "SOR_DAT", "EXE_SOI_DTD",
    "EXE_SOI_DTF", "SOR_ANN", "SOR_MOI", "NIR_RET", "NAI_RET", "SEX_RET", "SEJ_RET",
    "FHO_RET", "PMS_RET", "DAT_RET", "COH_NAI_RET", "COH_SEX_RET",
};
// The return codes of T_MCOaaC, from NIR_RET on: 0 means the linkage checks
// passed, which the standard PMSI queries require.
constexpr int kFirstReturnCode = 10;
constexpr std::string_view kDiagnosisColumns[] = {"ETA_NUM", "RSA_NUM", "DGN_ASS_NUM", "ASS_DGN"};
constexpr std::string_view kActColumns[] = {
    "ETA_NUM", "RSA_NUM", "CDC_ACT", "ACV_ACT", "PHA_ACT", "ENT_DAT_DEL", "NBR_EXE_ACT",
};

constexpr DefectTarget kStayDefects[] = {
    {DefectKind::kBadDate, ColumnIndex(kStayColumns, "SOR_MOI"), DateStyle::kMonth},
    {DefectKind::kTruncatedLine, 2},
    {DefectKind::kWrongType, ColumnIndex(kStayColumns, "SEJ_NBJ")},
};
static_assert(TargetsValid(kStayDefects));
constexpr DefectTarget kStayPatientDefects[] = {
    {DefectKind::kBadNirKey, ColumnIndex(kStayPatientColumns, "NIR_ANO_17")},
    {DefectKind::kBadDate, ColumnIndex(kStayPatientColumns, "ENT_DAT"), DateStyle::kDayMonthYear},
    {DefectKind::kTruncatedLine, 2},
    {DefectKind::kWrongType, ColumnIndex(kStayPatientColumns, "SEJ_NUM")},
};
static_assert(TargetsValid(kStayPatientDefects));
constexpr DefectTarget kDiagnosisDefects[] = {
    {DefectKind::kTruncatedLine, 2},
    {DefectKind::kWrongType, ColumnIndex(kDiagnosisColumns, "DGN_ASS_NUM")},
};
static_assert(TargetsValid(kDiagnosisDefects));
constexpr DefectTarget kActDefects[] = {
    {DefectKind::kTruncatedLine, 2},
    {DefectKind::kWrongType, ColumnIndex(kActColumns, "ENT_DAT_DEL")},
};
static_assert(TargetsValid(kActDefects));

// Stays per person and year (French MCO: about 12 million stays of 10 million
// patients a year for 68 million inhabitants, far more among the elderly).
double StaysPerYear(const Person& person, int age) {
  double rate = age < 1 ? 0.10 : age < 18 ? 0.03 : age < 45 ? 0.05 : age < 60 ? 0.07
                : age < 75 ? 0.12 : 0.22;
  if (person.diabetes.present) rate += 0.05;
  if (person.hypertension.present) rate += 0.03;
  if (person.asthma.present) rate += 0.02;
  return rate;
}
constexpr double kBirthsPerWomanYear = 0.055;  // women aged 20-42
constexpr double kDeathsInHospital = 0.5;

bool Active(const Condition& condition, int day) {
  return condition.present && condition.onset <= day;
}

Stay DrawReason(Rng& rng, const Person& person, int age, int day) {
  std::array<double, kStayReasonCount> weights{};
  auto weight = [&weights](Stay stay) -> double& { return weights[static_cast<std::size_t>(stay)]; };
  weight(Stay::kDiabetesImbalance) = Active(person.diabetes, day) ? 3.0 : 0.0;
  weight(Stay::kHeartFailure) = age >= 65 ? (Active(person.hypertension, day) ? 4.0 : 2.0) : 0.0;
  weight(Stay::kPneumonia) = age < 5 || age >= 70 ? 2.0 : 0.5;
  weight(Stay::kAsthmaAttack) = Active(person.asthma, day) ? 3.0 : 0.0;
  weight(Stay::kAppendicitis) = age >= 5 && age <= 40 ? 2.0 : 0.3;
  weight(Stay::kHipArthrosis) = age >= 55 ? 1.5 : 0.0;
  weight(Stay::kHipFracture) = age >= 75 ? 1.5 : 0.0;
  weight(Stay::kCataract) = age >= 60 ? 3.0 : 0.0;
  weight(Stay::kColonoscopy) = age >= 45 ? 2.0 : 0.0;
  weight(Stay::kChestPain) = age >= 18 ? 1.0 : 0.0;
  weight(Stay::kUrinaryInfection) = person.sex == 2 ? 2.0 : 1.0;
  weight(Stay::kAtrialFibrillation) = age >= 60 ? 1.5 : 0.0;
  weight(Stay::kLungCancer) = age >= 50 ? 0.5 : 0.0;
  double total = 0;
  for (double w : weights) total += w;
  double draw = rng.Uniform() * total;
  for (int i = 0; i < kStayReasonCount; ++i) {
    draw -= weights[static_cast<std::size_t>(i)];
    if (draw < 0) return static_cast<Stay>(i);
  }
  return Stay::kUrinaryInfection;
}

struct PlannedStay {
  int entry = 0;
  int nights = 0;
  Stay reason = Stay::kPneumonia;
  bool ends_in_death = false;
};

// The GHM: the reason's root and a level: J (outpatient) or T (very short)
// for stays without a night, A for a delivery, else 1-3 with the length.
void Ghm(const StayReason& reason, int nights, char* out) {
  char level = nights <= 4 ? '1' : nights <= 9 ? '2' : '3';
  char type = reason.ghm_root[2];
  if (type == 'Z') {
    level = 'A';
  } else if (nights == 0) {
    level = type == 'M' ? 'T' : 'J';
  }
  char* end = PutText(out, reason.ghm_root.substr(0, 5));
  *end++ = level;
  *end = '\0';
}

class StayWriter {
 public:
  StayWriter(const Person& person, Rng& rng, Rng& defects, Delivery& delivery)
      : person_(person), rng_(rng), defects_(defects), delivery_(delivery) {
    const Department& residence = *person.residence;
    bool corsica = residence.nir_code[1] == 'A' || residence.nir_code[1] == 'B';
    // BDI_DEP has 2 characters: overseas departments are all "97" there.
    PutText(department_, residence.nir_code.substr(0, 2));
    // The postcode: Corsica's start with 20, overseas ones with the 3-digit
    // department (the commune's first digit).
    PutText(PutText(postcode_, corsica ? "20" : residence.nir_code.substr(0, 2)),
            std::string_view(person.residence_commune, 3));
    usual_hospital_ = static_cast<int>(person.index % 4);
  }

  Status Write(const PlannedStay& stay);

 private:
  const Person& person_;
  Rng& rng_;
  Rng& defects_;
  Delivery& delivery_;
  char department_[3] = {};
  char postcode_[6] = {};
  int usual_hospital_ = 0;
};

Status StayWriter::Write(const PlannedStay& stay) {
  const StayReason& reason = ReasonFor(stay.reason);
  std::int64_t hospital = HospitalFiness(
      *person_.residence, rng_.Chance(0.7) ? usual_hospital_ : static_cast<int>(rng_.Below(4)));
  std::int64_t rsa = delivery_.next_stay++;
  int exit = stay.entry + stay.nights;
  int age = person_.AgeAt(stay.entry);

  std::array<std::string_view, 5> diagnoses;
  std::size_t diagnosis_count = 0;
  bool diabetes_stay = reason.principal_diagnosis.starts_with("E11");
  bool asthma_stay = reason.principal_diagnosis.starts_with("J45");
  // Chronic conditions known at admission are coded as associated diagnoses.
  if (Active(person_.diabetes, stay.entry) && !diabetes_stay) {
    diagnoses[diagnosis_count++] = kDiabetesDas;
  }
  if (Active(person_.hypertension, stay.entry)) diagnoses[diagnosis_count++] = kHypertensionDas;
  if (Active(person_.lipids, stay.entry)) diagnoses[diagnosis_count++] = kLipidsDas;
  if (Active(person_.asthma, stay.entry) && !asthma_stay) diagnoses[diagnosis_count++] = kAsthmaDas;
  if (stay.reason == Stay::kChildbirth) diagnoses[diagnosis_count++] = kLiveBirthDas;
  int act_count = (reason.first_act.empty() ? 0 : 1) + (reason.second_act.empty() ? 0 : 1);

  CsvFile& b = *delivery_.stays;
  b.Int(hospital);
  b.Int(rsa);
  b.Text(reason.principal_diagnosis);
  char ghm[7];
  Ghm(reason, stay.nights, ghm);
  b.Text(ghm);
  // AGE_ANN starts at 1: babies have their age in days instead.
  if (age >= 1) {
    b.Int(age);
    b.Empty();
  } else {
    b.Empty();
    b.Int(stay.entry - person_.birth);
  }
  b.Int(person_.sex);
  b.Text(department_);
  b.Text(postcode_);
  b.Year(exit);
  b.Month(exit);
  b.Text("8");  // ENT_MOD: from home
  b.Text(reason.via_emergency ? "5" : "");  // ENT_PRV: through emergencies
  b.Text(stay.ends_in_death ? "9" : "8");  // SOR_MOD: death or home
  b.Int(stay.nights);
  b.Int(static_cast<std::int64_t>(diagnosis_count));
  b.Int(act_count);
  b.Int(1);  // NBR_RUM
  SOVHUB_RETURN_IF_ERROR(b.EndRow(DrawDefect(defects_, delivery_.defect_rate, kStayDefects)));

  CsvFile& c = *delivery_.stay_patients;
  c.Int(hospital);
  c.Int(rsa);
  c.Text(person_.Nir());
  c.Int(rng_.Between(10000, 99999));
  c.DayMonthYear(stay.entry);
  c.DayMonthYear(exit);
  c.SasDateTime(stay.entry);
  c.SasDateTime(exit);
  c.Year(exit);
  c.Month(exit);
  for (std::size_t i = kFirstReturnCode; i < std::size(kStayPatientColumns); ++i) c.Text("0");
  SOVHUB_RETURN_IF_ERROR(c.EndRow(DrawDefect(defects_, delivery_.defect_rate, kStayPatientDefects)));

  CsvFile& d = *delivery_.diagnoses;
  for (std::size_t i = 0; i < diagnosis_count; ++i) {
    d.Int(hospital);  // a string in T_MCOaaD, with the same digits
    d.Int(rsa);
    d.Int(static_cast<std::int64_t>(i + 1));
    d.Text(diagnoses[i]);
    SOVHUB_RETURN_IF_ERROR(d.EndRow(DrawDefect(defects_, delivery_.defect_rate, kDiagnosisDefects)));
  }

  CsvFile& a = *delivery_.acts;
  for (std::string_view act : {reason.first_act, reason.second_act}) {
    if (act.empty()) continue;
    a.Int(hospital);
    a.Int(rsa);
    a.Text(act);
    a.Text("1");  // ACV_ACT: the main activity
    a.Text("0");  // PHA_ACT: no phase
    a.Int(act == reason.first_act ? 0 : rng_.Between(0, stay.nights));
    a.Int(1);
    SOVHUB_RETURN_IF_ERROR(a.EndRow(DrawDefect(defects_, delivery_.defect_rate, kActDefects)));
  }
  return Status::Ok();
}

}  // namespace

std::span<const std::string_view> StayColumns() { return kStayColumns; }
std::span<const std::string_view> StayPatientColumns() { return kStayPatientColumns; }
std::span<const std::string_view> DiagnosisColumns() { return kDiagnosisColumns; }
std::span<const std::string_view> ActColumns() { return kActColumns; }

Status WriteStays(const Person& person, Rng& rng, Rng& defects, Delivery& delivery) {
  // Planned first, then written in order, so that stays can be kept apart.
  std::array<PlannedStay, 24> planned;
  std::size_t count = 0;
  int last_day = person.CareEnd();
  if (person.death != kNoDeath && rng.Chance(kDeathsInHospital)) {
    constexpr Stay kFatal[] = {Stay::kHeartFailure, Stay::kPneumonia, Stay::kLungCancer};
    PlannedStay& fatal = planned[count++];
    fatal.reason = kFatal[rng.Below(3)];
    fatal.entry = std::max(person.CareStart(), person.death - rng.Between(1, 12));
    fatal.nights = person.death - fatal.entry;
    fatal.ends_in_death = true;
    last_day = fatal.entry - 1;
  }
  for (int year = kFirstCareYear; year <= kLastCareYear; ++year) {
    int first = std::max(person.CareStart(), static_cast<int>(DaysFromCivil({year, 1, 1})));
    int last = std::min(last_day, static_cast<int>(DaysFromCivil({year, 12, 31})));
    if (first > last) continue;
    double share_of_year = (last - first + 1) / 365.0;
    int age = person.AgeAt(first + (last - first) / 2);
    int stays = rng.Poisson(StaysPerYear(person, age) * share_of_year);
    for (int i = 0; i < stays && count < planned.size(); ++i) {
      PlannedStay& stay = planned[count++];
      stay.entry = rng.Between(first, last);
      stay.reason = DrawReason(rng, person, age, stay.entry);
      const StayReason& reason = ReasonFor(stay.reason);
      stay.nights = rng.Between(reason.min_nights, reason.max_nights);
    }
    bool may_give_birth = person.sex == 2 && age >= 20 && age <= 42;
    if (may_give_birth && rng.Chance(kBirthsPerWomanYear * share_of_year) &&
        count < planned.size()) {
      PlannedStay& stay = planned[count++];
      stay.reason = Stay::kChildbirth;
      const StayReason& reason = ReasonFor(stay.reason);
      stay.entry = rng.Between(first, last);
      stay.nights = rng.Between(reason.min_nights, reason.max_nights);
    }
  }
  std::sort(planned.begin(), planned.begin() + static_cast<std::ptrdiff_t>(count),
            [](const PlannedStay& x, const PlannedStay& y) { return x.entry < y.entry; });
  StayWriter writer(person, rng, defects, delivery);
  int free_from = person.CareStart();
  for (std::size_t i = 0; i < count; ++i) {
    PlannedStay stay = planned[i];
    int limit = stay.ends_in_death ? person.CareEnd() : last_day;
    // A stay starts after the previous one ended and ends by the limit.
    stay.entry = std::max(stay.entry, free_from);
    if (stay.entry > limit) continue;
    stay.nights = std::min(stay.nights, limit - stay.entry);
    if (stay.ends_in_death) stay.nights = person.death - stay.entry;
    if (stay.entry + stay.nights == person.death) stay.ends_in_death = true;
    SOVHUB_RETURN_IF_ERROR(writer.Write(stay));
    free_from = stay.entry + stay.nights + 1;
  }
  return Status::Ok();
}

}  // namespace sovhub::synth
