// SPDX-License-Identifier: AGPL-3.0-or-later
#include "synth/synth.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/civil_date.h"
#include "synth/codes.h"
#include "synth/csv_file.h"
#include "synth/dcir.h"
#include "synth/delivery.h"
#include "synth/person.h"
#include "synth/pmsi.h"
#include "synth/random.h"

namespace sovhub::synth {
namespace {

// A bound that keeps DCT_ORD_NUM (9 digits, one per claim, about 11 claims
// per person) far from overflowing, and the NIR registry at 512 MiB.
constexpr std::int64_t kMaxPersons = 20'000'000;
constexpr std::int64_t kProgressEvery = 10'000;

// Each person draws from independent streams, so that changing how claims
// are drawn leaves identities and stays as they were.
constexpr std::uint64_t kPersonStream = 1;
constexpr std::uint64_t kClaimStream = 2;
constexpr std::uint64_t kStayStream = 3;
constexpr std::uint64_t kDefectStream = 4;

constexpr std::string_view kIdentityColumns[] = {"NIR", "BIRTH_DATE", "SEX"};

constexpr std::string_view kBeneficiaryColumns[] = {
    "BEN_NIR_PSA", "BEN_RNG_GEM", "BEN_CDI_NIR", "BEN_SEX_COD", "BEN_NAI_ANN",
    "BEN_NAI_MOI", "BEN_DCD_DTE", "BEN_DCD_AME", "BEN_RES_DPT", "BEN_RES_COM",
    "ORG_AFF_BEN", "BEN_TOP_CNS", "MAX_TRT_DTD", "BEN_DTE_INS",
};
constexpr DefectTarget kBeneficiaryDefects[] = {
    {DefectKind::kBadNirKey, ColumnIndex(kBeneficiaryColumns, "BEN_NIR_PSA")},
    {DefectKind::kBadDate, ColumnIndex(kBeneficiaryColumns, "BEN_DTE_INS"), DateStyle::kIso},
    {DefectKind::kTruncatedLine, 2},
    {DefectKind::kWrongType, ColumnIndex(kBeneficiaryColumns, "BEN_SEX_COD")},
};
static_assert(TargetsValid(kBeneficiaryDefects));

// The drug referential's columns that map a CIP13 to its ATC class.
constexpr std::string_view kDrugColumns[] = {
    "PHA_CIP_C13", "PHA_PRS_IDE", "PHA_NOM_COURT", "PHA_ATC_C07", "PHA_ATC_L07",
};

constexpr std::string_view kDefectColumns[] = {"file", "line", "kind"};

// The SNDS writes this date for "no death".
constexpr std::string_view kNoDate = "1600-01-01";

Status CheckOutputFolder(const std::filesystem::path& out_dir) {
  std::error_code error;
  std::filesystem::file_status status = std::filesystem::status(out_dir, error);
  if (std::filesystem::exists(status)) {
    if (!std::filesystem::is_directory(status)) {
      return Status::Conflict(out_dir.string() + " exists and is not a folder");
    }
    if (!std::filesystem::is_empty(out_dir, error) || error) {
      return Status::Conflict(out_dir.string() +
                              " is not empty: synth writes only into a new or empty folder");
    }
    return Status::Ok();
  }
  std::filesystem::create_directories(out_dir, error);
  if (error) {
    return Status::IoError("cannot create " + out_dir.string() + ": " + error.message());
  }
  return Status::Ok();
}

Status WriteDrugReferential(CsvFile& file) {
  for (const Drug& drug : Drugs()) {
    file.Text(drug.cip13);
    file.Text(drug.cip7);
    file.Text(drug.name);
    file.Text(drug.atc);
    file.Text(drug.atc_label);
    SOVHUB_RETURN_IF_ERROR(file.EndRow());
  }
  return Status::Ok();
}

Status WriteIdentity(const Person& person, CsvFile& file) {
  file.Text(person.Nir());
  file.IsoDate(person.birth);
  file.Int(person.sex);
  return file.EndRow();
}

Status WriteBeneficiary(const Person& person, int last_processed, Rng& rng, Rng& defects,
                        const Delivery& delivery) {
  CsvFile& file = *delivery.beneficiaries;
  file.Text(person.Nir());
  file.Int(1);        // BEN_RNG_GEM
  file.Text("00");    // BEN_CDI_NIR: a normal NIR
  file.Int(person.sex);
  file.Year(person.birth);
  if (person.birth_month_unknown) {
    file.Empty();
  } else {
    file.Month(person.birth);
  }
  if (person.death != kNoDeath) {
    file.IsoDate(person.death);
    file.YearMonth(person.death);
  } else {
    file.Text(kNoDate);
    file.Empty();
  }
  file.Text(person.residence_code);
  file.Text(person.residence_commune);
  file.Text(person.organism);
  file.Int(last_processed >= 0 ? 1 : 0);  // BEN_TOP_CNS
  file.MaybeIsoDate(last_processed >= 0 ? std::optional<int>(last_processed) : std::nullopt);
  // Registered some weeks after birth, but the referential only dates from
  // 2006.
  int registered = std::max(person.birth + rng.Between(10, 90),
                            static_cast<int>(DaysFromCivil({2006, 1, 1})) + rng.Between(0, 365));
  file.IsoDate(registered);
  return file.EndRow(DrawDefect(defects, delivery.defect_rate, kBeneficiaryDefects));
}

}  // namespace

Result<SynthSummary> Generate(const std::filesystem::path& out_dir,
                              const SynthOptions& options) {
  if (options.persons < 0 || options.persons > kMaxPersons) {
    return Status::InvalidArgument("persons must be between 0 and " + std::to_string(kMaxPersons));
  }
  if (!(options.defect_rate >= 0 && options.defect_rate <= 1)) {
    return Status::InvalidArgument("defect_rate must be between 0 and 1");
  }
  SOVHUB_RETURN_IF_ERROR(CheckOutputFolder(out_dir));

  std::vector<DefectRecord> defects;
  Delivery delivery;
  delivery.defect_rate = options.defect_rate;
  struct Table {
    std::string_view name;
    std::span<const std::string_view> columns;
    CsvFile** slot;
  };
  CsvFile* drug_referential = nullptr;
  const Table tables[] = {
      {"identities.csv", kIdentityColumns, &delivery.identities},
      {"IR_BEN_R.csv", kBeneficiaryColumns, &delivery.beneficiaries},
      {"ER_PRS_F.csv", PrestationColumns(), &delivery.prestations},
      {"ER_PHA_F.csv", PharmacyColumns(), &delivery.pharmacy},
      {"T_MCOaaB.csv", StayColumns(), &delivery.stays},
      {"T_MCOaaC.csv", StayPatientColumns(), &delivery.stay_patients},
      {"T_MCOaaD.csv", DiagnosisColumns(), &delivery.diagnoses},
      {"T_MCOaaA.csv", ActColumns(), &delivery.acts},
      {"IR_PHA_R.csv", kDrugColumns, &drug_referential},
  };
  std::vector<std::unique_ptr<CsvFile>> files;
  for (const Table& table : tables) {
    SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<CsvFile> file,
                            CsvFile::Create(out_dir, std::string(table.name), table.columns,
                                            &defects));
    *table.slot = file.get();
    files.push_back(std::move(file));
  }
  SOVHUB_RETURN_IF_ERROR(WriteDrugReferential(*drug_referential));

  NirRegistry registry(options.persons);
  for (std::int64_t index = 0; index < options.persons; ++index) {
    auto stream_index = static_cast<std::uint64_t>(index);
    Rng person_rng = Rng::For(options.seed, kPersonStream, stream_index);
    Rng claim_rng = Rng::For(options.seed, kClaimStream, stream_index);
    Rng stay_rng = Rng::For(options.seed, kStayStream, stream_index);
    Rng defect_rng = Rng::For(options.seed, kDefectStream, stream_index);
    SOVHUB_ASSIGN_OR_RETURN(Person person, DrawPerson(index, person_rng, registry));
    SOVHUB_RETURN_IF_ERROR(WriteIdentity(person, *delivery.identities));
    int last_processed = -1;
    SOVHUB_RETURN_IF_ERROR(WriteClaims(person, claim_rng, defect_rng, delivery, &last_processed));
    SOVHUB_RETURN_IF_ERROR(WriteStays(person, stay_rng, defect_rng, delivery));
    SOVHUB_RETURN_IF_ERROR(
        WriteBeneficiary(person, last_processed, person_rng, defect_rng, delivery));
    if (options.progress && (index + 1) % kProgressEvery == 0) options.progress(index + 1);
  }

  SynthSummary summary;
  summary.persons = options.persons;
  for (const std::unique_ptr<CsvFile>& file : files) {
    SOVHUB_RETURN_IF_ERROR(file->Close());
    summary.files.push_back(FileSummary{file->name(), file->rows()});
  }

  auto file_order = [&summary](const std::string& name) {
    for (std::size_t i = 0; i < summary.files.size(); ++i) {
      if (summary.files[i].file == name) return i;
    }
    return summary.files.size();
  };
  std::stable_sort(defects.begin(), defects.end(),
                   [&file_order](const DefectRecord& x, const DefectRecord& y) {
                     std::size_t x_order = file_order(x.file);
                     std::size_t y_order = file_order(y.file);
                     return x_order != y_order ? x_order < y_order : x.line < y.line;
                   });
  std::vector<DefectRecord> unused;
  SOVHUB_ASSIGN_OR_RETURN(std::unique_ptr<CsvFile> defect_file,
                          CsvFile::Create(out_dir, "defects.csv", kDefectColumns, &unused));
  for (const DefectRecord& defect : defects) {
    defect_file->Text(defect.file);
    defect_file->Int(defect.line);
    defect_file->Text(defect.kind);
    SOVHUB_RETURN_IF_ERROR(defect_file->EndRow());
  }
  SOVHUB_RETURN_IF_ERROR(defect_file->Close());
  summary.defects = std::move(defects);

  bool reported = options.persons > 0 && options.persons % kProgressEvery == 0;
  if (options.progress && !reported) options.progress(options.persons);
  return summary;
}

}  // namespace sovhub::synth
