// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cohort/cohort_json.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>

#include "cohort/json_syntax.h"

namespace sovhub::cohort {
namespace {

using nlohmann::json;

std::string Child(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Item(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

Status Refuse(const std::string& path, const std::string& reason) {
  return Status::InvalidArgument((path.empty() ? "cohort definition" : path) + ": " + reason);
}

template <typename Keys>
std::string JoinKeys(const Keys& keys) {
  std::string out;
  for (std::string_view key : keys) {
    if (!out.empty()) out += ", ";
    out += key;
  }
  return out;
}

Status CheckObject(const json& node, const std::string& path,
                   std::initializer_list<std::string_view> keys) {
  if (!node.is_object()) return Refuse(path, "must be an object");
  for (const auto& [key, value] : node.items()) {
    bool known = false;
    for (std::string_view allowed : keys) known = known || key == allowed;
    if (!known) return Refuse(Child(path, key), "unknown key (expected " + JoinKeys(keys) + ")");
  }
  return Status::Ok();
}

Result<int> ReadInt(const json& node, const std::string& path) {
  if (!node.is_number_integer()) return Refuse(path, "must be an integer");
  // Out-of-range values are clamped so that Validate names the allowed range.
  if (node.is_number_unsigned()) {
    return node.get<std::uint64_t>() > INT_MAX ? INT_MAX : node.get<int>();
  }
  std::int64_t value = node.get<std::int64_t>();
  return static_cast<int>(std::clamp<std::int64_t>(value, INT_MIN, INT_MAX));
}

Result<std::string> ReadString(const json& node, const std::string& path) {
  if (!node.is_string()) return Refuse(path, "must be a string");
  return node.get<std::string>();
}

Result<CivilDate> ReadDate(const json& node, const std::string& path) {
  SOVHUB_ASSIGN_OR_RETURN(std::string text, ReadString(node, path));
  Result<CivilDate> date = ParseIsoDate(text);
  if (!date.ok()) {
    return Refuse(path,
                  json(text).dump() + " is not a date (YYYY-MM-DD): " + date.status().message());
  }
  return date;
}

// A non-empty array, each item read by `read(item, item_path)`.
template <typename T, typename ReadItem>
Result<std::vector<T>> ReadList(const json& node, const std::string& path, ReadItem read) {
  if (!node.is_array()) return Refuse(path, "must be a list");
  if (node.empty()) return Refuse(path, "empty list");
  std::vector<T> items;
  for (std::size_t i = 0; i < node.size(); ++i) {
    SOVHUB_ASSIGN_OR_RETURN(T item, read(node[i], Item(path, i)));
    items.push_back(std::move(item));
  }
  return items;
}

Result<std::vector<CodePattern>> ReadCodes(const json& node, const std::string& path,
                                           CodeSystem system) {
  return ReadList<CodePattern>(
      node, path, [system](const json& item, const std::string& at) -> Result<CodePattern> {
        SOVHUB_ASSIGN_OR_RETURN(std::string text, ReadString(item, at));
        Result<CodePattern> pattern = ParseCodePattern(system, text);
        if (!pattern.ok()) return Refuse(at, pattern.status().message());
        return pattern;
      });
}

Result<Window> ReadWindow(const json& node, const std::string& path) {
  SOVHUB_RETURN_IF_ERROR(CheckObject(node, path, {"from", "to"}));
  if (node.empty()) return Refuse(path, "needs \"from\" or \"to\"");
  Window window;
  if (node.contains("from")) {
    SOVHUB_ASSIGN_OR_RETURN(window.from, ReadDate(node["from"], Child(path, "from")));
  }
  if (node.contains("to")) {
    SOVHUB_ASSIGN_OR_RETURN(window.to, ReadDate(node["to"], Child(path, "to")));
  }
  return window;
}

// The fields every event criterion has: window and min_count.
Status ReadEventFields(const json& node, const std::string& path, Window& window, int& min_count) {
  if (node.contains("window")) {
    SOVHUB_ASSIGN_OR_RETURN(window, ReadWindow(node["window"], Child(path, "window")));
  }
  if (node.contains("min_count")) {
    SOVHUB_ASSIGN_OR_RETURN(min_count, ReadInt(node["min_count"], Child(path, "min_count")));
  }
  return Status::Ok();
}

Status Require(const json& node, const std::string& path, std::string_view key) {
  if (!node.contains(key)) return Refuse(path, "missing \"" + std::string(key) + "\"");
  return Status::Ok();
}

Result<Condition> ReadCondition(const json& node, const std::string& path) {
  SOVHUB_RETURN_IF_ERROR(CheckObject(node, path, {"icd10", "window", "min_count"}));
  SOVHUB_RETURN_IF_ERROR(Require(node, path, "icd10"));
  Condition condition;
  SOVHUB_ASSIGN_OR_RETURN(condition.icd10,
                          ReadCodes(node["icd10"], Child(path, "icd10"), CodeSystem::kIcd10));
  SOVHUB_RETURN_IF_ERROR(ReadEventFields(node, path, condition.window, condition.min_count));
  return condition;
}

Result<Drug> ReadDrug(const json& node, const std::string& path) {
  SOVHUB_RETURN_IF_ERROR(CheckObject(node, path, {"atc", "cip13", "window", "min_count"}));
  if (!node.contains("atc") && !node.contains("cip13")) {
    return Refuse(path, "needs \"atc\" or \"cip13\"");
  }
  Drug drug;
  if (node.contains("atc")) {
    SOVHUB_ASSIGN_OR_RETURN(drug.atc, ReadCodes(node["atc"], Child(path, "atc"), CodeSystem::kAtc));
  }
  if (node.contains("cip13")) {
    SOVHUB_ASSIGN_OR_RETURN(drug.cip13,
                            ReadCodes(node["cip13"], Child(path, "cip13"), CodeSystem::kCip13));
  }
  SOVHUB_RETURN_IF_ERROR(ReadEventFields(node, path, drug.window, drug.min_count));
  return drug;
}

Result<Procedure> ReadProcedure(const json& node, const std::string& path) {
  SOVHUB_RETURN_IF_ERROR(CheckObject(node, path, {"ccam", "window", "min_count"}));
  SOVHUB_RETURN_IF_ERROR(Require(node, path, "ccam"));
  Procedure procedure;
  SOVHUB_ASSIGN_OR_RETURN(procedure.ccam,
                          ReadCodes(node["ccam"], Child(path, "ccam"), CodeSystem::kCcam));
  SOVHUB_RETURN_IF_ERROR(ReadEventFields(node, path, procedure.window, procedure.min_count));
  return procedure;
}

Result<Stay> ReadStay(const json& node, const std::string& path) {
  SOVHUB_RETURN_IF_ERROR(CheckObject(node, path, {"diagnosis", "min_days", "window", "min_count"}));
  Stay stay;
  if (node.contains("diagnosis")) {
    SOVHUB_ASSIGN_OR_RETURN(
        stay.diagnosis, ReadCodes(node["diagnosis"], Child(path, "diagnosis"), CodeSystem::kIcd10));
  }
  if (node.contains("min_days")) {
    SOVHUB_ASSIGN_OR_RETURN(stay.min_days, ReadInt(node["min_days"], Child(path, "min_days")));
  }
  SOVHUB_RETURN_IF_ERROR(ReadEventFields(node, path, stay.window, stay.min_count));
  return stay;
}

Result<Demographics> ReadDemographics(const json& node, const std::string& path) {
  SOVHUB_RETURN_IF_ERROR(CheckObject(node, path, {"age", "sex", "department"}));
  Demographics demographics;
  if (node.contains("age")) {
    std::string at = Child(path, "age");
    const json& age = node["age"];
    SOVHUB_RETURN_IF_ERROR(CheckObject(age, at, {"min", "max"}));
    AgeRange range;
    if (age.contains("min")) {
      SOVHUB_ASSIGN_OR_RETURN(range.min, ReadInt(age["min"], Child(at, "min")));
    }
    if (age.contains("max")) {
      SOVHUB_ASSIGN_OR_RETURN(range.max, ReadInt(age["max"], Child(at, "max")));
    }
    demographics.age = range;
  }
  if (node.contains("sex")) {
    std::string at = Child(path, "sex");
    SOVHUB_ASSIGN_OR_RETURN(std::string sex, ReadString(node["sex"], at));
    if (sex != "M" && sex != "F") return Refuse(at, json(sex).dump() + " is not a sex (M or F)");
    demographics.sex = sex == "M" ? Sex::kMale : Sex::kFemale;
  }
  if (node.contains("department")) {
    SOVHUB_ASSIGN_OR_RETURN(
        demographics.departments,
        ReadList<std::string>(node["department"], Child(path, "department"), ReadString));
  }
  return demographics;
}

Result<Death> ReadDeath(const json& node, const std::string& path) {
  SOVHUB_RETURN_IF_ERROR(CheckObject(node, path, {"window"}));
  Death death;
  if (node.contains("window")) {
    SOVHUB_ASSIGN_OR_RETURN(death.window, ReadWindow(node["window"], Child(path, "window")));
  }
  return death;
}

constexpr std::array<std::string_view, 9> kCriterionKeys = {
    "all", "any", "not", "condition", "drug", "procedure", "stay", "demographics", "death"};

Result<Criterion> ReadCriterion(const json& node, const std::string& path) {
  if (!node.is_object() || node.size() != 1) {
    return Refuse(
        path, "a criterion is an object with exactly one key (" + JoinKeys(kCriterionKeys) + ")");
  }
  const std::string& key = node.begin().key();
  const json& value = node.begin().value();
  std::string at = Child(path, key);
  if (key == "all" || key == "any") {
    SOVHUB_ASSIGN_OR_RETURN(std::vector<Criterion> operands,
                            ReadList<Criterion>(value, at, ReadCriterion));
    if (key == "all") return Criterion(All{std::move(operands)});
    return Criterion(Any{std::move(operands)});
  }
  if (key == "not") {
    SOVHUB_ASSIGN_OR_RETURN(Criterion operand, ReadCriterion(value, at));
    return Criterion(Not(std::move(operand)));
  }
  // Each leaf reader returns its own type; the Criterion wraps it.
  auto wrap = [](auto result) -> Result<Criterion> {
    if (!result.ok()) return result.status();
    return Criterion(std::move(result).value());
  };
  if (key == "condition") return wrap(ReadCondition(value, at));
  if (key == "drug") return wrap(ReadDrug(value, at));
  if (key == "procedure") return wrap(ReadProcedure(value, at));
  if (key == "stay") return wrap(ReadStay(value, at));
  if (key == "demographics") return wrap(ReadDemographics(value, at));
  if (key == "death") return wrap(ReadDeath(value, at));
  return Refuse(at, "unknown criterion (expected " + JoinKeys(kCriterionKeys) + ")");
}

Result<Definition> ReadDefinition(const json& root) {
  SOVHUB_RETURN_IF_ERROR(
      CheckObject(root, "", {"version", "population", "washout_days", "follow_up_days"}));
  SOVHUB_RETURN_IF_ERROR(Require(root, "", "version"));
  SOVHUB_RETURN_IF_ERROR(Require(root, "", "population"));
  Definition definition;
  SOVHUB_ASSIGN_OR_RETURN(definition.version, ReadInt(root["version"], "version"));
  if (definition.version != kVersion) return Validate(definition);  // names the version
  SOVHUB_ASSIGN_OR_RETURN(definition.population, ReadCriterion(root["population"], "population"));
  if (root.contains("washout_days")) {
    SOVHUB_ASSIGN_OR_RETURN(definition.washout_days, ReadInt(root["washout_days"], "washout_days"));
  }
  if (root.contains("follow_up_days")) {
    SOVHUB_ASSIGN_OR_RETURN(definition.follow_up_days,
                            ReadInt(root["follow_up_days"], "follow_up_days"));
  }
  SOVHUB_RETURN_IF_ERROR(Validate(definition));
  return definition;
}

// Canonical writing. nlohmann::json keeps object keys sorted (std::map), and
// dump() without indent writes no whitespace.
json CodesJson(const std::vector<CodePattern>& codes) {
  json list = json::array();
  for (const CodePattern& code : codes) list.push_back(FormatCodePattern(code));
  return list;
}

void PutWindow(json& out, const Window& window) {
  if (!window.bounded()) return;
  json& node = out["window"] = json::object();
  if (window.from) node["from"] = ToIsoString(*window.from);
  if (window.to) node["to"] = ToIsoString(*window.to);
}

json CriterionJson(const Criterion& criterion);

json OperandsJson(const std::vector<Criterion>& operands) {
  json list = json::array();
  for (const Criterion& operand : operands) list.push_back(CriterionJson(operand));
  return list;
}

struct CriterionWriter {
  json operator()(const All& node) const { return {{"all", OperandsJson(node.operands)}}; }
  json operator()(const Any& node) const { return {{"any", OperandsJson(node.operands)}}; }
  json operator()(const Not& node) const { return {{"not", CriterionJson(node.operand())}}; }
  json operator()(const Condition& node) const {
    json out = {{"icd10", CodesJson(node.icd10)}, {"min_count", node.min_count}};
    PutWindow(out, node.window);
    return {{"condition", out}};
  }
  json operator()(const Drug& node) const {
    json out = {{"min_count", node.min_count}};
    if (!node.atc.empty()) out["atc"] = CodesJson(node.atc);
    if (!node.cip13.empty()) out["cip13"] = CodesJson(node.cip13);
    PutWindow(out, node.window);
    return {{"drug", out}};
  }
  json operator()(const Procedure& node) const {
    json out = {{"ccam", CodesJson(node.ccam)}, {"min_count", node.min_count}};
    PutWindow(out, node.window);
    return {{"procedure", out}};
  }
  json operator()(const Stay& node) const {
    json out = {{"min_count", node.min_count}};
    if (!node.diagnosis.empty()) out["diagnosis"] = CodesJson(node.diagnosis);
    if (node.min_days) out["min_days"] = *node.min_days;
    PutWindow(out, node.window);
    return {{"stay", out}};
  }
  json operator()(const Demographics& node) const {
    json out = json::object();
    if (node.age) {
      json& age = out["age"] = json::object();
      if (node.age->min) age["min"] = *node.age->min;
      if (node.age->max) age["max"] = *node.age->max;
    }
    if (node.sex) out["sex"] = *node.sex == Sex::kMale ? "M" : "F";
    if (!node.departments.empty()) out["department"] = node.departments;
    return {{"demographics", out}};
  }
  json operator()(const Death& node) const {
    json out = json::object();
    PutWindow(out, node.window);
    return {{"death", out}};
  }
};

json CriterionJson(const Criterion& criterion) {
  return std::visit(CriterionWriter{}, criterion.node);
}

}  // namespace

Result<Definition> ParseCohort(std::string_view text) {
  if (text.size() > kMaxJsonBytes) {
    return Refuse("", "larger than " + std::to_string(kMaxJsonBytes) + " bytes");
  }
  SOVHUB_RETURN_IF_ERROR(CheckJsonSyntax(text, kMaxJsonDepth, "cohort definition"));
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& error) {
    // CheckJsonSyntax has accepted the text, so this is not expected.
    return Status::Internal(std::string("JSON parser disagrees with the syntax check: ") +
                            error.what());
  }
  return ReadDefinition(root);
}

std::string CanonicalJson(const Definition& definition) {
  json root = {{"version", definition.version},
               {"population", CriterionJson(definition.population)},
               {"washout_days", definition.washout_days},
               {"follow_up_days", definition.follow_up_days}};
  return root.dump();
}

}  // namespace sovhub::cohort
