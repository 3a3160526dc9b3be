// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The port through which disclosure control asks for linear programs: the
// audit (smallest and largest value of a suppressed cell) and controlled
// rounding. The domain states the problem; src/lp/ solves it (GLPK).
#ifndef SOVHUB_DOMAIN_DISCLOSURE_LINEAR_PROGRAM_H_
#define SOVHUB_DOMAIN_DISCLOSURE_LINEAR_PROGRAM_H_

#include <functional>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "core/status.h"

namespace sovhub::disclosure {

inline constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// One term a·x_j of a row or of an objective.
struct LpTerm {
  int variable = 0;
  double coefficient = 0.0;
};

// Equality rows Σ a_ij·x_j = rhs_i over continuous variables with bounds
// lower_j <= x_j <= upper_j (upper may be kUnbounded).
struct LinearSystem {
  struct Row {
    std::vector<LpTerm> terms;
    double rhs = 0.0;
  };
  std::vector<double> lower;  // one per variable
  std::vector<double> upper;  // one per variable; kUnbounded for none
  std::vector<Row> rows;

  int variable_count() const { return static_cast<int>(lower.size()); }
};

enum class LpSense { kMinimize, kMaximize };
enum class LpOutcome { kOptimal, kUnboundedObjective, kInfeasible };

struct LpSolution {
  LpOutcome outcome = LpOutcome::kInfeasible;
  double objective = 0.0;      // when kOptimal
  std::vector<double> point;   // the optimal x when kOptimal and asked for
};

// A solver holding one loaded system. Optimize() may be called many times
// with different objectives: an implementation keeps its basis between calls
// (warm start), which is what makes an audit of thousands of cells fast.
// Not thread-safe; one per thread.
class LpSolver {
 public:
  virtual ~LpSolver() = default;

  // Replaces the loaded system. InvalidArgument when a term names a variable
  // out of range.
  virtual Status Load(const LinearSystem& system) = 0;

  // Changes one variable's bounds in the loaded system, keeping the basis
  // (publishing a suppressed cell fixes it at its value). InvalidArgument
  // when out of range.
  virtual Status SetBounds(int variable, double lower, double upper) = 0;

  // Optimises Σ c_j·x_j over the loaded system. `want_point` asks for the
  // optimal x in the solution. Internal when the solver fails numerically.
  virtual Result<LpSolution> Optimize(const std::vector<LpTerm>& objective, LpSense sense,
                                      bool want_point) = 0;

  // The same with every variable whole (an integer program, by branch and
  // bound), the optimal x always in the solution. Unavailable when this
  // solver has no integer method or gives up (a time limit); the loaded
  // system stays continuous for later Optimize() calls.
  virtual Result<LpSolution> OptimizeInteger(const std::vector<LpTerm>& objective, LpSense sense) {
    (void)objective;
    (void)sense;
    return Status::Unavailable("this solver has no integer method");
  }
};

// Makes a fresh solver; injected by the caller (the CLI passes GLPK's).
using LpSolverFactory = std::function<std::unique_ptr<LpSolver>()>;

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_LINEAR_PROGRAM_H_
