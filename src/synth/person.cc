// SPDX-License-Identifier: AGPL-3.0-or-later
#include "synth/person.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "core/civil_date.h"
#include "domain/nir.h"
#include "synth/csv_file.h"
#include "synth/synth.h"

namespace sovhub::synth {
namespace {

// Ages are drawn on this day: everyone in the file was born before it.
const int kAgeReference = static_cast<int>(DaysFromCivil({kLastCareYear + 1, 1, 1}));

// The French age pyramid (INSEE, 2024), in shares of the population per band
// of completed years on kAgeReference.
struct AgeBand {
  int first_age;
  int last_age;
  double share;
};
constexpr std::array<AgeBand, 8> kAgeBands = {{
    {0, 4, 0.053}, {5, 17, 0.155}, {18, 29, 0.140}, {30, 44, 0.185},
    {45, 59, 0.195}, {60, 74, 0.170}, {75, 89, 0.085}, {90, 99, 0.017},
}};

// Chronic conditions by age band (completed years on kAgeReference): rates
// chosen so that the pyramid above yields the shares announced in synth.h
// (type 2 diabetes about 5%, treated hypertension about a fifth of adults,
// asthma about 6%), close to French prevalence surveys.
double DiabetesRate(int age) {
  if (age < 18) return 0.001;
  if (age < 30) return 0.004;
  if (age < 45) return 0.018;
  if (age < 60) return 0.060;
  if (age < 75) return 0.130;
  return 0.150;
}

double HypertensionRate(int age) {
  if (age < 18) return 0.0;
  if (age < 30) return 0.020;
  if (age < 45) return 0.060;
  if (age < 60) return 0.180;
  if (age < 75) return 0.380;
  return 0.550;
}

double LipidsRate(int age) {
  if (age < 30) return 0.0;
  if (age < 45) return 0.020;
  if (age < 60) return 0.100;
  if (age < 75) return 0.220;
  return 0.250;
}

double AsthmaRate(int age) { return age < 18 ? 0.090 : 0.060; }

// Yearly death probability by age (rounded French life tables).
double DeathRate(int age) {
  if (age < 1) return 0.0035;
  if (age < 45) return 0.0007;
  if (age < 60) return 0.003;
  if (age < 75) return 0.010;
  if (age < 85) return 0.035;
  return 0.110;
}

// Share of persons born abroad (INSEE: about a tenth of adults), and among
// them the share whose birth month is unknown to the civil registry.
constexpr double kBornAbroadAdults = 0.10;
constexpr double kBornAbroadMinors = 0.03;
constexpr double kUnknownMonthAbroad = 0.08;
// Share of persons born in their department of residence.
constexpr double kBornWhereTheyLive = 0.65;

const Department& DrawDepartment(Rng& rng) {
  std::span<const std::int64_t> cumulative = DepartmentCumulativeWeights();
  std::int64_t draw = static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(cumulative.back())));
  auto it = std::upper_bound(cumulative.begin(), cumulative.end(), draw);
  return Departments()[static_cast<std::size_t>(it - cumulative.begin())];
}

int DrawCountry(Rng& rng) {
  int total = 0;
  for (const Country& country : BirthCountries()) total += country.weight;
  int draw = static_cast<int>(rng.Below(static_cast<std::uint64_t>(total)));
  for (const Country& country : BirthCountries()) {
    if (draw < country.weight) return country.insee_code;
    draw -= country.weight;
  }
  return BirthCountries().front().insee_code;
}

bool IsOverseas(const Department& department) { return department.nir_code.size() == 3; }

// Onset of a chronic condition: three quarters were already treated when the
// window opens, the others start during it (early enough to show a few
// months of treatment). Never before the first birthday.
Condition DrawOnset(Rng& rng, const Person& person) {
  Condition condition;
  condition.present = true;
  int window_start = CareWindowStart();
  if (rng.Chance(0.75)) {
    condition.onset = window_start - rng.Between(1, 3650);
  } else {
    condition.onset = window_start + rng.Between(0, CareWindowEnd() - window_start - 120);
  }
  condition.onset = std::max(condition.onset, person.birth + 365);
  return condition;
}

void DrawConditions(Rng& rng, Person& person) {
  int age = person.AgeAt(kAgeReference);
  if (rng.Chance(DiabetesRate(age))) {
    person.diabetes = DrawOnset(rng, person);
    person.takes_gliclazide = rng.Chance(0.30);
    person.takes_sitagliptin = rng.Chance(0.15);
  }
  // Most people with type 2 diabetes are also treated for blood pressure
  // and cholesterol.
  double hypertension = person.diabetes.present ? std::max(0.5, HypertensionRate(age))
                                                : HypertensionRate(age);
  if (age >= 18 && rng.Chance(hypertension)) {
    person.hypertension = DrawOnset(rng, person);
    person.antihypertensives[0] =
        kFirstAntihypertensive + static_cast<int>(rng.Below(kAntihypertensiveCount));
    if (rng.Chance(0.30)) {
      int second = kFirstAntihypertensive + static_cast<int>(rng.Below(kAntihypertensiveCount));
      if (second != person.antihypertensives[0]) person.antihypertensives[1] = second;
    }
  }
  double lipids = person.diabetes.present ? std::max(0.45, LipidsRate(age)) : LipidsRate(age);
  if (age >= 30 && rng.Chance(lipids)) {
    person.lipids = DrawOnset(rng, person);
    person.statin = kFirstStatin + static_cast<int>(rng.Below(kStatinCount));
  }
  if (age >= 2 && rng.Chance(AsthmaRate(age))) {
    person.asthma = DrawOnset(rng, person);
    if (rng.Chance(0.5)) {
      person.asthma_controller =
          kFirstAsthmaController + static_cast<int>(rng.Below(kAsthmaControllerCount));
    }
  }
}

void DrawDeath(Rng& rng, Person& person) {
  for (int year = kFirstCareYear; year <= kLastCareYear; ++year) {
    int first = std::max(static_cast<int>(DaysFromCivil({year, 1, 1})), person.birth + 1);
    int last = static_cast<int>(DaysFromCivil({year, 12, 31}));
    if (first > last) continue;
    double rate = DeathRate(year - person.BirthYear());
    if (person.diabetes.present) rate *= 1.5;
    if (rng.Chance(rate * (last - first + 1) / 365.0)) {
      person.death = rng.Between(first, last);
      return;
    }
  }
}

}  // namespace

char* PutText(char* out, std::string_view text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

char* PutDigits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

void ProfessionalNumber(const Department& department, char profession, int number, char* out) {
  int check = 0;
  for (int n = number; n > 0; n /= 10) check += n % 10;
  char* end = PutText(out, department.nir_code.substr(0, 2));
  *end++ = profession;
  end = PutDigits(end, number, 5);
  end = PutDigits(end, check, 1);
  *end = '\0';
}

int CareWindowStart() { return static_cast<int>(DaysFromCivil({kFirstCareYear, 1, 1})); }
int CareWindowEnd() { return static_cast<int>(DaysFromCivil({kLastCareYear, 12, 31})); }

int Person::BirthYear() const { return birth_date.year; }

int Person::AgeAt(int day) const {
  const CivilDate& born = birth_date;
  CivilDate then = CivilDay(day);
  int age = then.year - born.year;
  if (then.month < born.month || (then.month == born.month && then.day < born.day)) --age;
  return age;
}

int Person::CareStart() const { return std::max(CareWindowStart(), birth); }
int Person::CareEnd() const { return std::min(CareWindowEnd(), death); }

NirRegistry::NirRegistry(std::int64_t expected_persons) {
  // At most half full, so that probes stay short.
  std::uint64_t capacity =
      std::bit_ceil(static_cast<std::uint64_t>(std::max<std::int64_t>(expected_persons, 8)) * 2);
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
}

bool NirRegistry::Insert(std::string_view body13) {
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < body13.size(); ++i) {
    // 2A and 2B become 96 and 00, two department numbers no NIR uses.
    char c = body13[i];
    if (i == 6 && (c == 'A' || c == 'B')) {
      key = key / 10 * 100 + (c == 'A' ? 96 : 0);
      continue;
    }
    key = key * 10 + static_cast<std::uint64_t>(c - '0');
  }
  std::uint64_t slot = (key * 0x9E3779B97F4A7C15ULL) >> 20 & mask_;
  while (slots_[slot] != 0) {
    if (slots_[slot] == key) return false;
    slot = (slot + 1) & mask_;
  }
  slots_[slot] = key;
  return true;
}

Result<Person> DrawPerson(std::int64_t index, Rng& rng, NirRegistry& registry) {
  Person person;
  person.index = index;
  person.sex = rng.Chance(0.515) ? 2 : 1;

  double band_draw = rng.Uniform();
  const AgeBand* band = &kAgeBands.back();
  for (const AgeBand& candidate : kAgeBands) {
    if (band_draw < candidate.share) {
      band = &candidate;
      break;
    }
    band_draw -= candidate.share;
  }
  int age = rng.Between(band->first_age, band->last_age);
  int year = kLastCareYear - age;
  int first_day = static_cast<int>(DaysFromCivil({year, 1, 1}));
  person.birth = first_day + rng.Between(0, IsLeapYear(year) ? 365 : 364);
  person.birth_date = CivilFromDays(person.birth);
  const CivilDate& born = person.birth_date;

  const Department& residence = DrawDepartment(rng);
  person.residence = &residence;
  if (IsOverseas(residence)) {
    PutText(person.residence_code, residence.nir_code);
    person.residence_commune[0] = residence.nir_code[2];
    PutDigits(person.residence_commune + 1, rng.Between(1, 34), 2);
  } else {
    person.residence_code[0] = '0';
    PutText(person.residence_code + 1, residence.nir_code);
    PutDigits(person.residence_commune, rng.Between(1, 700), 3);
  }
  PutText(PutText(PutText(person.organism, "01C"), person.residence_code), "011");
  ProfessionalNumber(residence, '1',
                     static_cast<int>(rng.Below(static_cast<std::uint64_t>(20 + residence.thousands / 2))),
                     person.doctor);
  ProfessionalNumber(residence, '2',
                     static_cast<int>(rng.Below(static_cast<std::uint64_t>(10 + residence.thousands / 3))),
                     person.pharmacy);
  person.cmu = rng.Chance(0.08);

  // The NIR: sex, year, month (or 20-99 when unknown), birth place, order.
  double abroad = age >= 18 ? kBornAbroadAdults : kBornAbroadMinors;
  char place[6];  // department and commune: 5 characters
  if (rng.Chance(abroad)) {
    PutDigits(PutText(place, "99"), DrawCountry(rng), 3);
    person.birth_month_unknown = rng.Chance(kUnknownMonthAbroad);
  } else {
    const Department& born_in = rng.Chance(kBornWhereTheyLive) ? residence : DrawDepartment(rng);
    if (IsOverseas(born_in)) {
      PutDigits(PutText(place, born_in.nir_code), rng.Between(1, 34), 2);
    } else {
      PutDigits(PutText(place, born_in.nir_code), rng.Between(1, 700), 3);
    }
  }
  int month = person.birth_month_unknown ? rng.Between(20, 99) : born.month;
  char body[14];
  for (int attempt = 0;; ++attempt) {
    if (attempt == 100000) return Status::Internal("no free NIR for a synthetic person");
    char* end = PutDigits(body, person.sex, 1);
    end = PutDigits(end, born.year % 100, 2);
    end = PutDigits(end, month, 2);
    end = PutText(end, std::string_view(place, 5));
    PutDigits(end, rng.Between(1, 999), 3);
    if (registry.Insert(std::string_view(body, 13))) break;
  }
  Result<int> key = nir::ControlKey(std::string_view(body, 13));
  if (!key.ok()) return key.status().WithContext("synthetic NIR");
  PutDigits(PutText(person.nir, std::string_view(body, 13)), *key, 2);

  DrawConditions(rng, person);
  DrawDeath(rng, person);
  return person;
}

}  // namespace sovhub::synth
