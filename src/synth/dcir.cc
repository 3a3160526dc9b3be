// SPDX-License-Identifier: AGPL-3.0-or-later
#include "synth/dcir.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/civil_date.h"
#include "synth/codes.h"
#include "synth/synth.h"

namespace sovhub::synth {
namespace {

// The 9 join keys come first in both tables, so that a truncated ER_PRS_F
// row keeps them (see kPrestationDefects).
constexpr int kDcirKeyCount = 9;

constexpr std::string_view kPrestationColumns[] = {
    "DCT_ORD_NUM", "FLX_DIS_DTD", "FLX_EMT_NUM", "FLX_EMT_ORD", "FLX_EMT_TYP",
    "FLX_TRT_DTD", "ORG_CLE_NUM", "PRS_ORD_NUM", "REM_TYP_AFF",
    "BEN_NIR_PSA", "BEN_RNG_GEM", "BEN_SEX_COD", "BEN_NAI_ANN", "BEN_RES_DPT", "BEN_RES_COM",
    "ORG_AFF_BEN", "BEN_CMU_TOP", "EXE_SOI_DTD", "EXE_SOI_DTF", "EXE_SOI_AMD", "PRE_PRE_DTD",
    "PRS_NAT_REF", "BSE_PRS_NAT", "PRS_ACT_QTE", "PRS_PAI_MNT", "BSE_REM_BSE", "BSE_REM_MNT",
    "RGO_REM_TAU", "PSE_SPE_COD", "PFS_EXE_NUM", "PSP_SPE_COD", "PFS_PRE_NUM", "PRS_MTT_NUM",
    "CPL_MAJ_TOP", "DPN_QLF",
};

constexpr std::string_view kPharmacyColumns[] = {
    "DCT_ORD_NUM", "FLX_DIS_DTD", "FLX_EMT_NUM", "FLX_EMT_ORD", "FLX_EMT_TYP",
    "FLX_TRT_DTD", "ORG_CLE_NUM", "PRS_ORD_NUM", "REM_TYP_AFF",
    "PHA_ORD_NUM", "PHA_PRS_C13", "PHA_PRS_IDE", "PHA_ACT_QSN", "PHA_ACT_PRU", "PHA_SEQ_RNV",
};

constexpr bool SameKeys() {
  for (int i = 0; i < kDcirKeyCount; ++i) {
    if (kPrestationColumns[i] != kPharmacyColumns[i]) return false;
  }
  return true;
}
static_assert(SameKeys(), "ClaimWriter::Keys writes the same 9 keys in both tables");

constexpr DefectTarget kPrestationDefects[] = {
    {DefectKind::kBadNirKey, ColumnIndex(kPrestationColumns, "BEN_NIR_PSA")},
    {DefectKind::kBadDate, ColumnIndex(kPrestationColumns, "EXE_SOI_DTD"), DateStyle::kIso},
    {DefectKind::kTruncatedLine, kDcirKeyCount + 1},
    {DefectKind::kWrongType, ColumnIndex(kPrestationColumns, "PRS_NAT_REF")},
};
static_assert(TargetsValid(kPrestationDefects));

// ER_PHA_F has no person column, hence no bad NIR; its only dates are keys.
constexpr DefectTarget kPharmacyDefects[] = {
    {DefectKind::kBadDate, ColumnIndex(kPharmacyColumns, "FLX_TRT_DTD"), DateStyle::kIso},
    {DefectKind::kTruncatedLine, 1},
    {DefectKind::kWrongType, ColumnIndex(kPharmacyColumns, "PHA_ACT_QSN")},
};
static_assert(TargetsValid(kPharmacyDefects));

// Natures of service (IR_NAT_V) and specialties (IR_SPE_V).
constexpr int kGeneralPractice = 1110;  // G
constexpr int kSpecialistConsultation = 1112;  // CS
constexpr int kPharmacy65 = 3313;  // PH7: drugs reimbursed at 65%
constexpr int kGeneralPractitioner = 1;
constexpr int kCardiologist = 3;
constexpr int kPneumologist = 13;
constexpr int kEndocrinologist = 42;

// Consultation fees in cents: G rose from 25 to 26.50 euros on 2023-12-22.
const int kGpFeeRise = static_cast<int>(DaysFromCivil({2023, 12, 22}));
constexpr int kGpFeeBefore = 2500;
constexpr int kGpFeeAfter = 2650;
constexpr int kSpecialistFee = 3000;
// The participation forfaitaire, kept back from adults' consultations.
constexpr int kDeductible = 100;

// Yearly visits to the general practitioner: French averages are higher
// (about 4), but every visit is a row and the delivery must stay near 20 rows
// per person; the shape (babies and the elderly more) is what cohorts see.
double GpVisitsPerYear(int age, bool chronic) {
  double base = age < 2 ? 4.0 : age < 6 ? 2.0 : age < 60 ? 0.9 : age < 75 ? 1.4 : 2.2;
  return base + (chronic ? 1.0 : 0.0);
}
constexpr double kAcutePrescriptionShare = 0.4;

struct Dispensed {
  int drug = 0;  // index into Drugs()
  int boxes = 1;
  int renewal = 0;  // PHA_SEQ_RNV
};

struct Claim {
  int day = 0;
  int nature = 0;
  std::optional<std::int64_t> executant_specialty;
  std::string_view executant;
  std::optional<std::int64_t> prescriber_specialty;
  std::string_view prescriber;  // empty: no prescriber
  std::optional<int> prescribed;  // PRE_PRE_DTD
  std::int64_t fee_cents = 0;  // for consultations; drugs add their prices
  int rate = 70;
  int deductible_cents = 0;
};

class ClaimWriter {
 public:
  ClaimWriter(const Person& person, Rng& rng, Rng& defects, Delivery& delivery,
              int* last_processed)
      : person_(person),
        rng_(rng),
        defects_(defects),
        delivery_(delivery),
        last_processed_(last_processed),
        emitter_(1 + static_cast<int>(person.residence - Departments().data()) % 30) {}

  Status Write(const Claim& claim, std::span<const Dispensed> drugs);

 private:
  void Keys(CsvFile& file);

  const Person& person_;
  Rng& rng_;
  Rng& defects_;
  Delivery& delivery_;
  int* last_processed_;
  int emitter_;
  // The current claim's keys.
  std::int64_t claim_number_ = 0;
  int processed_ = 0;
  int provided_ = 0;
  int sequence_ = 0;
};

void ClaimWriter::Keys(CsvFile& file) {
  file.Int(claim_number_);
  file.IsoDate(provided_);
  file.Int(emitter_);
  file.Int(sequence_);
  file.Int(1);  // FLX_EMT_TYP
  file.IsoDate(processed_);
  file.Text(person_.organism);
  file.Int(1);  // PRS_ORD_NUM: one service per claim
  file.Int(1);  // REM_TYP_AFF
}

Status ClaimWriter::Write(const Claim& claim, std::span<const Dispensed> drugs) {
  claim_number_ = delivery_.next_claim++;
  // Claims reach the fund within days, and the data are made available in
  // the monthly flow that follows.
  processed_ = claim.day + rng_.Between(1, 20);
  CivilDate processed = CivilDay(processed_);
  provided_ = static_cast<int>(
      DaysFromCivil(processed.month == 12 ? CivilDate{processed.year + 1, 1, 1}
                                          : CivilDate{processed.year, processed.month + 1, 1}));
  sequence_ = static_cast<int>(rng_.Below(10000));
  *last_processed_ = std::max(*last_processed_, processed_);

  std::int64_t paid = claim.fee_cents;
  int boxes = drugs.empty() ? 1 : 0;
  for (const Dispensed& dispensed : drugs) {
    paid += static_cast<std::int64_t>(Drugs()[dispensed.drug].price_cents) * dispensed.boxes;
    boxes += dispensed.boxes;
  }
  std::int64_t reimbursed = std::max<std::int64_t>(0, paid * claim.rate / 100 - claim.deductible_cents);

  CsvFile& prs = *delivery_.prestations;
  Keys(prs);
  prs.Text(person_.Nir());
  prs.Int(1);  // BEN_RNG_GEM
  prs.Int(person_.sex);
  prs.Year(person_.birth);
  prs.Text(person_.residence_code);
  prs.Text(person_.residence_commune);
  prs.Text(person_.organism);
  prs.Int(person_.cmu ? 1 : 0);
  prs.IsoDate(claim.day);
  prs.IsoDate(claim.day);
  prs.YearMonth(claim.day);
  prs.MaybeIsoDate(claim.prescribed);
  prs.Int(claim.nature);
  prs.Int(claim.nature);
  prs.Int(boxes);
  prs.Cents(paid);
  prs.Cents(paid);
  prs.Cents(reimbursed);
  prs.Int(claim.rate);
  prs.MaybeInt(claim.executant_specialty);
  prs.Text(claim.executant);
  prs.MaybeInt(claim.prescriber_specialty);
  prs.Text(claim.prescriber);
  prs.Text(person_.doctor);
  prs.Int(0);  // CPL_MAJ_TOP: a base service, not a supplement
  prs.Int(0);  // DPN_QLF
  SOVHUB_RETURN_IF_ERROR(prs.EndRow(DrawDefect(defects_, delivery_.defect_rate, kPrestationDefects)));

  CsvFile& pha = *delivery_.pharmacy;
  int order = 0;
  for (const Dispensed& dispensed : drugs) {
    const Drug& drug = Drugs()[dispensed.drug];
    Keys(pha);
    pha.Int(++order);
    pha.Text(drug.cip13);
    pha.Text(drug.cip7);
    pha.Int(dispensed.boxes);
    pha.Cents(drug.price_cents);
    pha.Int(dispensed.renewal);
    SOVHUB_RETURN_IF_ERROR(pha.EndRow(DrawDefect(defects_, delivery_.defect_rate, kPharmacyDefects)));
  }
  return Status::Ok();
}

// A pharmacy claim at the person's pharmacy, prescribed by their doctor a
// few days before, reimbursed at the usual 65%.
Claim PharmacyClaim(const Person& person, Rng& rng, int day) {
  Claim claim;
  claim.day = day;
  claim.nature = kPharmacy65;
  claim.executant = person.pharmacy;
  claim.prescriber_specialty = kGeneralPractitioner;
  claim.prescriber = person.doctor;
  claim.prescribed = std::max(person.CareStart(), day - rng.Between(0, 5));
  claim.rate = 65;
  return claim;
}

// Monthly dispensing of the diabetes treatment, with the quarterly boxes of
// blood-pressure and cholesterol drugs every third visit.
Status DiabetesTreatment(const Person& person, Rng& rng, ClaimWriter& writer) {
  int day = std::max(person.diabetes.onset, person.CareStart()) + rng.Between(0, 20);
  bool ald = true;  // type 2 diabetes is a long-term illness: care at 100%
  for (int visit = 0; day <= person.CareEnd(); ++visit, day += rng.Between(28, 35)) {
    std::array<Dispensed, 6> drugs;
    std::size_t count = 0;
    int renewal = visit % 3;
    drugs[count++] = {kMetformin, 1, renewal};
    if (person.takes_gliclazide) drugs[count++] = {kGliclazide, 1, renewal};
    if (person.takes_sitagliptin) drugs[count++] = {kSitagliptin, 1, renewal};
    if (renewal == 0) {
      if (person.hypertension.present && person.hypertension.onset <= day) {
        for (int drug : person.antihypertensives) {
          if (drug >= 0) drugs[count++] = {drug, 1, 0};
        }
      }
      if (person.lipids.present && person.lipids.onset <= day) drugs[count++] = {person.statin, 1, 0};
    }
    Claim claim;
    claim.day = day;
    claim.nature = kPharmacy65;
    claim.executant = person.pharmacy;
    claim.prescriber_specialty = kGeneralPractitioner;
    claim.prescriber = person.doctor;
    claim.prescribed = std::max(person.CareStart(), day - renewal * 30 - rng.Between(0, 3));
    claim.rate = ald ? 100 : 65;
    SOVHUB_RETURN_IF_ERROR(writer.Write(claim, std::span(drugs.data(), count)));
  }
  return Status::Ok();
}

// Quarterly boxes for blood pressure and cholesterol, without diabetes.
Status CardiovascularTreatment(const Person& person, Rng& rng, ClaimWriter& writer) {
  int onset = kNoDeath;
  if (person.hypertension.present) onset = std::min(onset, person.hypertension.onset);
  if (person.lipids.present) onset = std::min(onset, person.lipids.onset);
  int day = std::max(onset, person.CareStart()) + rng.Between(0, 30);
  for (; day <= person.CareEnd(); day += rng.Between(85, 100)) {
    std::array<Dispensed, 3> drugs;
    std::size_t count = 0;
    if (person.hypertension.present && person.hypertension.onset <= day) {
      for (int drug : person.antihypertensives) {
        if (drug >= 0) drugs[count++] = {drug, 1, 0};
      }
    }
    if (person.lipids.present && person.lipids.onset <= day) drugs[count++] = {person.statin, 1, 0};
    if (count == 0) continue;
    SOVHUB_RETURN_IF_ERROR(
        writer.Write(PharmacyClaim(person, rng, day), std::span(drugs.data(), count)));
  }
  return Status::Ok();
}

// A reliever inhaler every one to four months, with the controller for those
// who have one.
Status AsthmaTreatment(const Person& person, Rng& rng, ClaimWriter& writer) {
  int day = std::max(person.asthma.onset, person.CareStart()) + rng.Between(0, 60);
  for (; day <= person.CareEnd(); day += rng.Between(45, 120)) {
    std::array<Dispensed, 2> drugs;
    std::size_t count = 0;
    drugs[count++] = {kSalbutamol, 1, 0};
    if (person.asthma_controller >= 0) drugs[count++] = {person.asthma_controller, 1, 0};
    SOVHUB_RETURN_IF_ERROR(
        writer.Write(PharmacyClaim(person, rng, day), std::span(drugs.data(), count)));
  }
  return Status::Ok();
}

Status Consultation(const Person& person, Rng& rng, ClaimWriter& writer, int day,
                    int specialty) {
  bool adult = person.AgeAt(day) >= 18;
  Claim claim;
  claim.day = day;
  claim.executant_specialty = specialty;
  char specialist[10];
  if (specialty == kGeneralPractitioner) {
    claim.nature = kGeneralPractice;
    claim.executant = person.doctor;
    claim.fee_cents = day >= kGpFeeRise ? kGpFeeAfter : kGpFeeBefore;
  } else {
    claim.nature = kSpecialistConsultation;
    ProfessionalNumber(*person.residence, '1', 50000 + static_cast<int>(rng.Below(300)), specialist);
    claim.executant = specialist;
    claim.fee_cents = kSpecialistFee;
  }
  claim.rate = person.diabetes.present && person.diabetes.onset <= day ? 100 : 70;
  claim.deductible_cents = adult ? kDeductible : 0;
  SOVHUB_RETURN_IF_ERROR(writer.Write(claim, {}));

  if (specialty != kGeneralPractitioner || !rng.Chance(kAcutePrescriptionShare)) {
    return Status::Ok();
  }
  std::array<Dispensed, 2> drugs;
  std::size_t count = 0;
  // Omeprazole, the last acute drug, is for adults only.
  int choices = adult ? kAcuteDrugCount : kAcuteDrugCount - 1;
  int first = kFirstAcuteDrug + static_cast<int>(rng.Below(static_cast<std::uint64_t>(choices)));
  drugs[count++] = {first, 1, 0};
  if (rng.Chance(0.4)) {
    int second = kFirstAcuteDrug + static_cast<int>(rng.Below(static_cast<std::uint64_t>(choices)));
    if (second != first) drugs[count++] = {second, 1, 0};
  }
  Claim dispensing;
  dispensing.day = std::min(day + static_cast<int>(rng.Below(2)), person.CareEnd());
  dispensing.nature = kPharmacy65;
  dispensing.executant = person.pharmacy;
  dispensing.prescriber_specialty = kGeneralPractitioner;
  dispensing.prescriber = person.doctor;
  dispensing.prescribed = day;
  dispensing.rate = 65;
  return writer.Write(dispensing, std::span(drugs.data(), count));
}

}  // namespace

std::span<const std::string_view> PrestationColumns() { return kPrestationColumns; }
std::span<const std::string_view> PharmacyColumns() { return kPharmacyColumns; }

Status WriteClaims(const Person& person, Rng& rng, Rng& defects, Delivery& delivery,
                   int* last_processed) {
  ClaimWriter writer(person, rng, defects, delivery, last_processed);
  if (person.diabetes.present) {
    SOVHUB_RETURN_IF_ERROR(DiabetesTreatment(person, rng, writer));
  } else if (person.hypertension.present || person.lipids.present) {
    SOVHUB_RETURN_IF_ERROR(CardiovascularTreatment(person, rng, writer));
  }
  if (person.asthma.present) SOVHUB_RETURN_IF_ERROR(AsthmaTreatment(person, rng, writer));

  bool chronic = person.HasChronicCondition();
  for (int year = kFirstCareYear; year <= kLastCareYear; ++year) {
    int first = std::max(person.CareStart(), static_cast<int>(DaysFromCivil({year, 1, 1})));
    int last = std::min(person.CareEnd(), static_cast<int>(DaysFromCivil({year, 12, 31})));
    if (first > last) continue;
    double share_of_year = (last - first + 1) / 365.0;
    int age = person.AgeAt(first + (last - first) / 2);
    int visits = rng.Poisson(GpVisitsPerYear(age, chronic) * share_of_year);
    for (int i = 0; i < visits; ++i) {
      SOVHUB_RETURN_IF_ERROR(
          Consultation(person, rng, writer, rng.Between(first, last), kGeneralPractitioner));
    }
    // A yearly check-up with the specialist of each chronic condition, for
    // some of the patients.
    if (person.diabetes.present && rng.Chance(0.4 * share_of_year)) {
      SOVHUB_RETURN_IF_ERROR(
          Consultation(person, rng, writer, rng.Between(first, last), kEndocrinologist));
    }
    if (person.hypertension.present && rng.Chance(0.3 * share_of_year)) {
      SOVHUB_RETURN_IF_ERROR(
          Consultation(person, rng, writer, rng.Between(first, last), kCardiologist));
    }
    if (person.asthma.present && rng.Chance(0.3 * share_of_year)) {
      SOVHUB_RETURN_IF_ERROR(
          Consultation(person, rng, writer, rng.Between(first, last), kPneumologist));
    }
  }
  return Status::Ok();
}

}  // namespace sovhub::synth
