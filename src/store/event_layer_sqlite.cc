// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The SNDS → OMOP transforms, as SQL run inside the batch's transaction. The
// whole layer is rebuilt each time rather than patched: a claim's pharmacy
// lines, a stay's diagnoses and acts may arrive in a later batch than their
// parent row, and a rebuild is the one way every join sees every batch. The
// cost is measured in docs/benchmarks.md.
#include "store/event_layer_sqlite.h"

#include <set>
#include <string>

#include "store/event_layer_inputs.h"

namespace sovhub::store {
namespace {

// The SNDS writes departments on 3 characters ("075", "02A", "971"); OMOP's
// location.county gets the usual form ("75", "2A", "971").
constexpr const char* kDepartment =
    "CASE WHEN length(BEN_RES_DPT) = 3 AND substr(BEN_RES_DPT, 1, 1) = '0' "
    "THEN substr(BEN_RES_DPT, 2) ELSE BEN_RES_DPT END";

// The columns a source table has, empty when the table does not exist.
Result<std::set<std::string>> ColumnsOf(Database& db, const std::string& table) {
  SOVHUB_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("SELECT name FROM pragma_table_info(?)"));
  SOVHUB_RETURN_IF_ERROR(stmt.BindText(1, table));
  std::set<std::string> columns;
  while (true) {
    SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    columns.insert(stmt.ColumnText(0));
  }
  return columns;
}

class Rebuild {
 public:
  explicit Rebuild(Database& db) : db_(db) {}

  Result<std::vector<EventLayerCounts>> Run() {
    for (const char* table : {"death", "procedure_occurrence", "drug_exposure", "condition_occurrence",
                              "visit_occurrence", "observation_period", "person", "location",
                              "omop_drug_atc"}) {
      SOVHUB_RETURN_IF_ERROR(db_.Exec(std::string("DELETE FROM ") + table));
    }
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "CREATE TEMP TABLE IF NOT EXISTS omop_mco_visit ("
        " ETA_NUM INTEGER, RSA_NUM INTEGER, visit_occurrence_id INTEGER, person_id INTEGER,"
        " start_date TEXT, end_date TEXT, PRIMARY KEY (ETA_NUM, RSA_NUM)) WITHOUT ROWID"));
    SOVHUB_RETURN_IF_ERROR(db_.Exec("DELETE FROM temp.omop_mco_visit"));
    // Each OMOP table takes the SNDS rows first, then the other inputs'
    // (event_layer_inputs.h): an SNDS person keeps their person row.
    SOVHUB_RETURN_IF_ERROR(fhir_.Begin());
    SOVHUB_RETURN_IF_ERROR(omop_csv_.Begin());
    SOVHUB_RETURN_IF_ERROR(Persons());
    SOVHUB_RETURN_IF_ERROR(fhir_.Persons());
    SOVHUB_RETURN_IF_ERROR(omop_csv_.Persons());
    SOVHUB_RETURN_IF_ERROR(Deaths());
    SOVHUB_RETURN_IF_ERROR(fhir_.Deaths());
    SOVHUB_RETURN_IF_ERROR(omop_csv_.Deaths());
    SOVHUB_RETURN_IF_ERROR(Visits());
    SOVHUB_RETURN_IF_ERROR(fhir_.Visits());
    SOVHUB_RETURN_IF_ERROR(omop_csv_.Visits());
    // The three large event tables are filled without their indexes, which
    // are then built in one sorted pass each: cheaper than updating them at
    // every row of tens of millions.
    SOVHUB_ASSIGN_OR_RETURN(std::vector<std::string> indexes, DropIndexes());
    SOVHUB_RETURN_IF_ERROR(Conditions());
    SOVHUB_RETURN_IF_ERROR(fhir_.Conditions());
    SOVHUB_RETURN_IF_ERROR(omop_csv_.Conditions());
    SOVHUB_RETURN_IF_ERROR(Drugs());
    SOVHUB_RETURN_IF_ERROR(fhir_.Drugs());
    SOVHUB_RETURN_IF_ERROR(omop_csv_.Drugs());
    SOVHUB_RETURN_IF_ERROR(Procedures());
    SOVHUB_RETURN_IF_ERROR(fhir_.Procedures());
    SOVHUB_RETURN_IF_ERROR(omop_csv_.Procedures());
    for (const std::string& index : indexes) SOVHUB_RETURN_IF_ERROR(db_.Exec(index));
    SOVHUB_RETURN_IF_ERROR(RebuildCodeSummariesSqlite(db_));
    SOVHUB_RETURN_IF_ERROR(ObservationPeriods());
    SOVHUB_RETURN_IF_ERROR(DrugClasses());
    SOVHUB_RETURN_IF_ERROR(fhir_.DrugClasses());
    SOVHUB_RETURN_IF_ERROR(fhir_.End());
    SOVHUB_RETURN_IF_ERROR(omop_csv_.End());
    SOVHUB_RETURN_IF_ERROR(db_.Exec("DROP TABLE temp.omop_mco_visit"));
    // The counts cover every input: rows as written in the end, source rows
    // of the SNDS transforms plus the others'.
    for (EventLayerCounts& counts : counts_) {
      counts.source_rows += other_source_rows_[counts.table];
      SOVHUB_ASSIGN_OR_RETURN(counts.rows, Count("SELECT count(*) FROM " + counts.table));
    }
    return counts_;
  }

 private:
  // Drops the indexes of condition_occurrence, drug_exposure and
  // procedure_occurrence; returns the statements that recreate them, as the
  // migration wrote them (read from sqlite_schema, not repeated here).
  Result<std::vector<std::string>> DropIndexes() {
    SOVHUB_ASSIGN_OR_RETURN(
        Statement stmt,
        db_.Prepare("SELECT name, sql FROM main.sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
                    "AND tbl_name IN ('condition_occurrence', 'drug_exposure', 'procedure_occurrence') "
                    "ORDER BY name"));
    std::vector<std::pair<std::string, std::string>> found;
    while (true) {
      SOVHUB_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      found.emplace_back(stmt.ColumnText(0), stmt.ColumnText(1));
    }
    std::vector<std::string> recreate;
    for (const auto& [name, sql] : found) {
      SOVHUB_RETURN_IF_ERROR(db_.Exec("DROP INDEX main." + QuoteIdentifier(name)));
      recreate.push_back(sql);
    }
    return recreate;
  }

  // True when `table` has every one of `columns`; otherwise records why in
  // `note` and returns false.
  Result<bool> Has(const std::string& table, std::initializer_list<const char*> columns,
                   std::string& note) {
    SOVHUB_ASSIGN_OR_RETURN(std::set<std::string> present, ColumnsOf(db_, table));
    if (present.empty()) {
      if (!note.empty()) note += "; ";
      note += table + " not loaded";
      return false;
    }
    std::string missing;
    for (const char* column : columns) {
      if (!present.contains(column)) missing += (missing.empty() ? "" : ", ") + std::string(column);
    }
    if (missing.empty()) return true;
    if (!note.empty()) note += "; ";
    note += table + " lacks " + missing;
    return false;
  }

  Status Record(const std::string& table, std::int64_t source_rows, std::string note) {
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows, db_.QueryInt64("SELECT count(*) FROM " + table));
    counts_.push_back({table, rows, source_rows, std::move(note)});
    return Status::Ok();
  }

  Result<std::int64_t> Count(const std::string& sql) { return db_.QueryInt64(sql); }

  // IR_BEN_R → location (one per department of residence) and person. A pid
  // with several IR_BEN_R rows (BEN_RNG_GEM) takes the first: the hub's pid
  // comes from the person's own identifier, so the rows are one person.
  Status Persons() {
    std::string note;
    SOVHUB_ASSIGN_OR_RETURN(bool ok, Has("IR_BEN_R",
                                         {"BEN_NIR_PSA", "BEN_RNG_GEM", "BEN_SEX_COD", "BEN_NAI_ANN",
                                          "BEN_NAI_MOI", "BEN_RES_DPT"},
                                         note));
    if (!ok) {
      SOVHUB_RETURN_IF_ERROR(Record("location", 0, note));
      return Record("person", 0, note);
    }
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        std::string("INSERT INTO location (location_id, county, location_source_value, "
                    "country_concept_id, country_source_value) "
                    "SELECT ROW_NUMBER() OVER (ORDER BY department), department, department, 0, 'France' "
                    "FROM (SELECT DISTINCT ") +
        kDepartment + " AS department FROM IR_BEN_R WHERE BEN_RES_DPT IS NOT NULL)"));
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t departments,
                            Count("SELECT count(DISTINCT BEN_RES_DPT) FROM IR_BEN_R"));
    SOVHUB_RETURN_IF_ERROR(Record("location", departments, ""));
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT OR IGNORE INTO omop_person_ids (pid) "
        "SELECT BEN_NIR_PSA FROM IR_BEN_R WHERE BEN_NIR_PSA IS NOT NULL ORDER BY rowid"));
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        std::string(
            "INSERT INTO person (person_id, gender_concept_id, year_of_birth, month_of_birth, "
            "race_concept_id, ethnicity_concept_id, location_id, person_source_value, "
            "gender_source_value, gender_source_concept_id, race_source_concept_id, "
            "ethnicity_source_concept_id) "
            "SELECT m.person_id, 0, b.BEN_NAI_ANN, "
            "CASE WHEN CAST(b.BEN_NAI_MOI AS INTEGER) BETWEEN 1 AND 12 "
            "THEN CAST(b.BEN_NAI_MOI AS INTEGER) END, 0, 0, l.location_id, b.BEN_NIR_PSA, "
            "CAST(b.BEN_SEX_COD AS TEXT), 0, 0, 0 "
            "FROM (SELECT BEN_NIR_PSA, BEN_NAI_ANN, BEN_NAI_MOI, BEN_SEX_COD, ") +
        kDepartment +
        " AS department, ROW_NUMBER() OVER (PARTITION BY BEN_NIR_PSA ORDER BY BEN_RNG_GEM) AS rank "
        "FROM IR_BEN_R WHERE BEN_NIR_PSA IS NOT NULL AND BEN_NAI_ANN IS NOT NULL) b "
        "JOIN omop_person_ids m ON m.pid = b.BEN_NIR_PSA "
        "LEFT JOIN location l ON l.location_source_value = b.department WHERE b.rank = 1"));
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t pids, Count("SELECT count(DISTINCT BEN_NIR_PSA) FROM IR_BEN_R"));
    return Record("person", pids, "");
  }

  // IR_BEN_R.BEN_DCD_DTE → death (the earliest date when rows disagree).
  Status Deaths() {
    std::string note;
    SOVHUB_ASSIGN_OR_RETURN(bool ok, Has("IR_BEN_R", {"BEN_NIR_PSA", "BEN_DCD_DTE"}, note));
    if (!ok) return Record("death", 0, note);
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT INTO death (person_id, death_date, death_type_concept_id, cause_concept_id, "
        "cause_source_concept_id) "
        "SELECT p.person_id, MIN(b.BEN_DCD_DTE), 0, 0, 0 FROM IR_BEN_R b "
        "JOIN omop_person_ids m ON m.pid = b.BEN_NIR_PSA JOIN person p ON p.person_id = m.person_id "
        "WHERE b.BEN_DCD_DTE IS NOT NULL GROUP BY p.person_id"));
    SOVHUB_ASSIGN_OR_RETURN(
        std::int64_t dead,
        Count("SELECT count(DISTINCT BEN_NIR_PSA) FROM IR_BEN_R WHERE BEN_DCD_DTE IS NOT NULL"));
    return Record("death", dead, "");
  }

  // T_MCOaaC (person, dates) + T_MCOaaB (admission and discharge modes) →
  // visit_occurrence, one per MCO stay.
  Status Visits() {
    std::string note;
    SOVHUB_ASSIGN_OR_RETURN(bool c, Has("T_MCOaaC", {"ETA_NUM", "RSA_NUM", "NIR_ANO_17", "ENT_DAT", "SOR_DAT"},
                                        note));
    SOVHUB_ASSIGN_OR_RETURN(bool b, Has("T_MCOaaB", {"ETA_NUM", "RSA_NUM", "ENT_MOD", "SOR_MOD"}, note));
    have_stays_ = c && b;
    if (!have_stays_) return Record("visit_occurrence", 0, note);
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT INTO temp.omop_mco_visit "
        "SELECT c.ETA_NUM, c.RSA_NUM, ROW_NUMBER() OVER (ORDER BY c.ETA_NUM, c.RSA_NUM), m.person_id, "
        "c.ENT_DAT, COALESCE(c.SOR_DAT, c.ENT_DAT) FROM T_MCOaaC c "
        "JOIN T_MCOaaB b ON b.ETA_NUM = c.ETA_NUM AND b.RSA_NUM = c.RSA_NUM "
        "JOIN omop_person_ids m ON m.pid = c.NIR_ANO_17 JOIN person p ON p.person_id = m.person_id "
        "WHERE c.ENT_DAT IS NOT NULL"));
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT INTO visit_occurrence (visit_occurrence_id, person_id, visit_concept_id, "
        "visit_start_date, visit_end_date, visit_type_concept_id, visit_source_value, "
        "visit_source_concept_id, admitted_from_concept_id, admitted_from_source_value, "
        "discharged_to_concept_id, discharged_to_source_value) "
        "SELECT v.visit_occurrence_id, v.person_id, 0, v.start_date, v.end_date, 0, 'MCO', 0, 0, "
        "CAST(b.ENT_MOD AS TEXT), 0, CAST(b.SOR_MOD AS TEXT) FROM temp.omop_mco_visit v "
        "JOIN T_MCOaaB b ON b.ETA_NUM = v.ETA_NUM AND b.RSA_NUM = v.RSA_NUM "
        "ORDER BY v.visit_occurrence_id"));
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t stays, Count("SELECT count(*) FROM T_MCOaaC"));
    return Record("visit_occurrence", stays, "");
  }

  // T_MCOaaB.DGN_PAL (status DP) and T_MCOaaD.ASS_DGN (DAS) →
  // condition_occurrence, dated by their stay.
  Status Conditions() {
    std::string note = have_stays_ ? "" : "no stays";
    std::int64_t source_rows = 0;
    if (!have_stays_) return Record("condition_occurrence", 0, note);
    const std::string insert =
        "INSERT INTO condition_occurrence (person_id, condition_concept_id, condition_start_date, "
        "condition_end_date, condition_type_concept_id, condition_status_concept_id, "
        "visit_occurrence_id, condition_source_value, condition_source_concept_id, "
        "condition_status_source_value) "
        "SELECT v.person_id, 0, v.start_date, v.end_date, 0, 0, v.visit_occurrence_id, ";
    SOVHUB_ASSIGN_OR_RETURN(bool principal, Has("T_MCOaaB", {"DGN_PAL"}, note));
    if (principal) {
      SOVHUB_RETURN_IF_ERROR(db_.Exec(
          insert + "b.DGN_PAL, 0, 'DP' FROM temp.omop_mco_visit v "
                   "JOIN T_MCOaaB b ON b.ETA_NUM = v.ETA_NUM AND b.RSA_NUM = v.RSA_NUM "
                   "WHERE b.DGN_PAL IS NOT NULL ORDER BY v.visit_occurrence_id"));
      SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows,
                              Count("SELECT count(*) FROM T_MCOaaB WHERE DGN_PAL IS NOT NULL"));
      source_rows += rows;
    }
    SOVHUB_ASSIGN_OR_RETURN(bool associated, Has("T_MCOaaD", {"ETA_NUM", "RSA_NUM", "ASS_DGN"}, note));
    if (associated) {
      // T_MCOaaD types its keys as strings where T_MCOaaB/C have integers.
      SOVHUB_RETURN_IF_ERROR(db_.Exec(
          insert + "d.ASS_DGN, 0, 'DAS' FROM T_MCOaaD d JOIN temp.omop_mco_visit v "
                   "ON v.ETA_NUM = CAST(d.ETA_NUM AS INTEGER) AND v.RSA_NUM = CAST(d.RSA_NUM AS INTEGER) "
                   "WHERE d.ASS_DGN IS NOT NULL"));
      SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows,
                              Count("SELECT count(*) FROM T_MCOaaD WHERE ASS_DGN IS NOT NULL"));
      source_rows += rows;
    }
    return Record("condition_occurrence", source_rows, note);
  }

  // ER_PHA_F (the drug, its quantity) joined to its ER_PRS_F claim (the
  // person, the date of care) → drug_exposure. The SNDS gives no duration:
  // the end date is the start date.
  Status Drugs() {
    std::string note;
    SOVHUB_ASSIGN_OR_RETURN(
        bool pha, Has("ER_PHA_F", {"DCT_ORD_NUM", "FLX_DIS_DTD", "FLX_EMT_NUM", "FLX_EMT_ORD",
                                   "FLX_EMT_TYP", "FLX_TRT_DTD", "ORG_CLE_NUM", "PRS_ORD_NUM",
                                   "REM_TYP_AFF", "PHA_PRS_C13", "PHA_ACT_QSN"},
                      note));
    SOVHUB_ASSIGN_OR_RETURN(bool prs, Has("ER_PRS_F", {"BEN_NIR_PSA", "EXE_SOI_DTD"}, note));
    if (!pha || !prs) return Record("drug_exposure", 0, note);
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT INTO drug_exposure (person_id, drug_concept_id, drug_exposure_start_date, "
        "drug_exposure_end_date, drug_type_concept_id, quantity, route_concept_id, "
        "drug_source_value, drug_source_concept_id) "
        "SELECT m.person_id, 0, p.EXE_SOI_DTD, p.EXE_SOI_DTD, 0, f.PHA_ACT_QSN, 0, f.PHA_PRS_C13, 0 "
        "FROM ER_PHA_F f JOIN ER_PRS_F p ON p.DCT_ORD_NUM = f.DCT_ORD_NUM "
        "AND p.FLX_DIS_DTD = f.FLX_DIS_DTD AND p.FLX_EMT_NUM = f.FLX_EMT_NUM "
        "AND p.FLX_EMT_ORD = f.FLX_EMT_ORD AND p.FLX_EMT_TYP = f.FLX_EMT_TYP "
        "AND p.FLX_TRT_DTD = f.FLX_TRT_DTD AND p.ORG_CLE_NUM = f.ORG_CLE_NUM "
        "AND p.PRS_ORD_NUM = f.PRS_ORD_NUM AND p.REM_TYP_AFF = f.REM_TYP_AFF "
        "JOIN omop_person_ids m ON m.pid = p.BEN_NIR_PSA JOIN person q ON q.person_id = m.person_id "
        "WHERE f.PHA_PRS_C13 IS NOT NULL AND p.EXE_SOI_DTD IS NOT NULL"));
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t lines, Count("SELECT count(*) FROM ER_PHA_F"));
    return Record("drug_exposure", lines, "");
  }

  // T_MCOaaA → procedure_occurrence, dated by the stay's admission plus
  // ENT_DAT_DEL days.
  Status Procedures() {
    std::string note = have_stays_ ? "" : "no stays";
    if (!have_stays_) return Record("procedure_occurrence", 0, note);
    SOVHUB_ASSIGN_OR_RETURN(
        bool acts, Has("T_MCOaaA", {"ETA_NUM", "RSA_NUM", "CDC_ACT", "ENT_DAT_DEL", "NBR_EXE_ACT"}, note));
    if (!acts) return Record("procedure_occurrence", 0, note);
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT INTO procedure_occurrence (person_id, procedure_concept_id, procedure_date, "
        "procedure_type_concept_id, modifier_concept_id, quantity, visit_occurrence_id, "
        "procedure_source_value, procedure_source_concept_id) "
        "SELECT v.person_id, 0, date(v.start_date, '+' || COALESCE(a.ENT_DAT_DEL, 0) || ' days'), "
        "0, 0, COALESCE(a.NBR_EXE_ACT, 1), v.visit_occurrence_id, a.CDC_ACT, 0 "
        "FROM T_MCOaaA a JOIN temp.omop_mco_visit v "
        "ON v.ETA_NUM = CAST(a.ETA_NUM AS INTEGER) AND v.RSA_NUM = CAST(a.RSA_NUM AS INTEGER) "
        "WHERE a.CDC_ACT IS NOT NULL"));
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows, Count("SELECT count(*) FROM T_MCOaaA"));
    return Record("procedure_occurrence", rows, "");
  }

  // One period per person: from the earlier of the insurance start
  // (BEN_DTE_INS) and the first event, to the later of the last processing
  // date (MAX_TRT_DTD) and the last event, cut at death; a person with no
  // care at all is observed up to the warehouse's last date. Every reimbursed
  // care of an insured person reaches the SNDS, so insured time is observed
  // time.
  Status ObservationPeriods() {
    std::string spans =
        "SELECT person_id, MIN(visit_start_date) AS first, MAX(visit_end_date) AS last "
        "FROM visit_occurrence GROUP BY person_id "
        "UNION ALL SELECT person_id, MIN(drug_exposure_start_date), MAX(drug_exposure_end_date) "
        "FROM drug_exposure GROUP BY person_id "
        "UNION ALL SELECT person_id, MIN(procedure_date), MAX(procedure_date) "
        "FROM procedure_occurrence GROUP BY person_id";
    std::string note;
    SOVHUB_ASSIGN_OR_RETURN(bool insured, Has("IR_BEN_R", {"BEN_NIR_PSA", "BEN_DTE_INS", "MAX_TRT_DTD"}, note));
    if (insured) {
      spans +=
          " UNION ALL SELECT m.person_id, MIN(b.BEN_DTE_INS), MAX(b.MAX_TRT_DTD) FROM IR_BEN_R b "
          "JOIN omop_person_ids m ON m.pid = b.BEN_NIR_PSA GROUP BY m.person_id";
    }
    // An OMOP CSV delivery's own observation periods count like insured time.
    SOVHUB_ASSIGN_OR_RETURN(std::string delivered, omop_csv_.ObservationSpans());
    spans += delivered;
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT INTO observation_period (person_id, observation_period_start_date, "
        "observation_period_end_date, period_type_concept_id) "
        "WITH spans AS (" + spans + "), horizon AS (SELECT MAX(last) AS last FROM spans) "
        "SELECT person_id, first, CASE WHEN death_date IS NOT NULL AND death_date < last "
        "THEN death_date ELSE last END, 0 FROM ("
        "SELECT s.person_id, MIN(s.first) AS first, COALESCE(MAX(s.last), (SELECT last FROM horizon)) "
        "AS last, d.death_date FROM spans s JOIN person p ON p.person_id = s.person_id "
        "LEFT JOIN death d ON d.person_id = s.person_id GROUP BY s.person_id) "
        "WHERE first IS NOT NULL AND last IS NOT NULL "
        "AND first <= CASE WHEN death_date IS NOT NULL AND death_date < last THEN death_date "
        "ELSE last END ORDER BY person_id"));
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t persons, Count("SELECT count(*) FROM person"));
    return Record("observation_period", persons, insured ? "" : note + ": events only");
  }

  // IR_PHA_R: CIP13 → ATC class, for the cohort language's ATC criteria.
  Status DrugClasses() {
    std::string note;
    SOVHUB_ASSIGN_OR_RETURN(bool ok, Has("IR_PHA_R", {"PHA_CIP_C13", "PHA_ATC_C07"}, note));
    if (!ok) return Record("omop_drug_atc", 0, note);
    SOVHUB_RETURN_IF_ERROR(db_.Exec(
        "INSERT OR REPLACE INTO omop_drug_atc (drug_source_value, atc) "
        "SELECT PHA_CIP_C13, PHA_ATC_C07 FROM IR_PHA_R "
        "WHERE PHA_CIP_C13 IS NOT NULL AND PHA_ATC_C07 IS NOT NULL ORDER BY rowid"));
    SOVHUB_ASSIGN_OR_RETURN(std::int64_t rows, Count("SELECT count(*) FROM IR_PHA_R"));
    return Record("omop_drug_atc", rows, "");
  }

  Database& db_;
  bool have_stays_ = false;
  std::vector<EventLayerCounts> counts_;
  layer::SourceRows other_source_rows_;
  layer::FhirInputs fhir_{db_, other_source_rows_};
  layer::OmopCsvInputs omop_csv_{db_, other_source_rows_};
};

}  // namespace

Result<std::vector<EventLayerCounts>> RebuildEventLayerSqlite(Database& db) {
  return Rebuild(db).Run();
}

Status RebuildCodeSummariesSqlite(Database& db) {
  struct Summary {
    const char* table;
    const char* events;
    const char* code;
    const char* date;
  };
  for (const Summary& summary :
       {Summary{"omop_drug_codes", "drug_exposure", "drug_source_value", "drug_exposure_start_date"},
        Summary{"omop_condition_codes", "condition_occurrence", "condition_source_value",
                "condition_start_date"},
        Summary{"omop_procedure_codes", "procedure_occurrence", "procedure_source_value",
                "procedure_date"}}) {
    // Read in the order of the covering index (code, person, date): the
    // grouping streams, with no sort, and the rows arrive in the summary's
    // primary-key order.
    std::string code = summary.code;
    SOVHUB_RETURN_IF_ERROR(db.Exec(std::string("DELETE FROM ") + summary.table));
    SOVHUB_RETURN_IF_ERROR(db.Exec(
        std::string("INSERT INTO ") + summary.table + " (" + code +
        ", person_id, first_date, events) SELECT " + code + ", person_id, MIN(" + summary.date +
        "), COUNT(*) FROM " + summary.events + " WHERE " + code + " IS NOT NULL GROUP BY " + code +
        ", person_id ORDER BY " + code + ", person_id"));
  }
  return Status::Ok();
}

}  // namespace sovhub::store
