// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A synthetic person (internal to src/synth): identity, residence, the chronic
// conditions and treatments that drive their claims and stays, and death.
// Dates are days since 1970-01-01.
#ifndef SOVHUB_SYNTH_PERSON_H_
#define SOVHUB_SYNTH_PERSON_H_

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/status.h"
#include "synth/codes.h"
#include "synth/random.h"

namespace sovhub::synth {

inline constexpr int kNoDeath = std::numeric_limits<int>::max();

// The care window of synth.h in days.
int CareWindowStart();
int CareWindowEnd();

struct Condition {
  bool present = false;
  int onset = 0;  // may precede the care window
};

struct Person {
  std::int64_t index = 0;
  char nir[16] = {};  // 15 characters and a terminating NUL
  int sex = 1;        // 1 male, 2 female
  int birth = 0;
  CivilDate birth_date;  // the same day, kept for age computations
  bool birth_month_unknown = false;  // the NIR's month is 20-99
  int death = kNoDeath;
  const Department* residence = nullptr;
  char residence_code[4] = {};     // BEN_RES_DPT: "075", "02A", "971"
  char residence_commune[4] = {};  // BEN_RES_COM: 3 digits
  char organism[10] = {};          // ORG_CLE_NUM / ORG_AFF_BEN
  char doctor[10] = {};            // the médecin traitant's number
  char pharmacy[10] = {};          // the usual pharmacy's number
  bool cmu = false;                // complementary cover for low incomes

  Condition diabetes;
  Condition hypertension;
  Condition lipids;
  Condition asthma;
  // Drugs taken for them, as indexes into Drugs().
  bool takes_gliclazide = false;
  bool takes_sitagliptin = false;
  int antihypertensives[2] = {-1, -1};
  int statin = -1;
  int asthma_controller = -1;

  std::string_view Nir() const { return std::string_view(nir, 15); }
  int BirthYear() const;
  // Completed years of age on `day`.
  int AgeAt(int day) const;
  int CareStart() const;  // the later of the window's start and birth
  int CareEnd() const;    // the earlier of the window's end and death
  bool HasChronicCondition() const {
    return diabetes.present || hypertension.present || lipids.present || asthma.present;
  }
};

// Copies `text` to `out`; returns the end of what was written (no NUL).
char* PutText(char* out, std::string_view text);
// Writes `value` (>= 0) on exactly `width` digits, keeping the lowest ones;
// returns the end of what was written (no NUL).
char* PutDigits(char* out, int value, int width);

// Writes a health professional's 9-character number into `out` (10 bytes):
// department (2 characters), profession digit ('1' doctor, '2' pharmacy),
// `number` on 5 digits, a check digit.
void ProfessionalNumber(const Department& department, char profession, int number, char* out);

// The NIR bodies given so far, so that every person's NIR is unique. An open
// addressing set of 64-bit bodies: 8 to 16 bytes per person, where a
// node-based set would take about 40.
class NirRegistry {
 public:
  explicit NirRegistry(std::int64_t expected_persons);
  // False when `body13` was already there.
  bool Insert(std::string_view body13);

 private:
  std::vector<std::uint64_t> slots_;  // 0 is empty: no body encodes to 0
  std::uint64_t mask_;
};

// Draws person `index` from `rng`, with a NIR that `registry` did not hold.
// Internal if no free NIR is found (cannot happen below billions of persons).
Result<Person> DrawPerson(std::int64_t index, Rng& rng, NirRegistry& registry);

}  // namespace sovhub::synth

#endif  // SOVHUB_SYNTH_PERSON_H_
