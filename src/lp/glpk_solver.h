// SPDX-License-Identifier: AGPL-3.0-or-later
//
// GLPK's simplex behind the disclosure::LpSolver port. One glp_prob is loaded
// once and re-optimised for each objective with the previous basis kept (warm
// start), so the two LPs of an audited cell, and the LPs of the next cells,
// cost a few pivots each. GLPK's terminal output is switched off.
#ifndef SOVHUB_LP_GLPK_SOLVER_H_
#define SOVHUB_LP_GLPK_SOLVER_H_

#include <memory>
#include <vector>

#include "domain/disclosure/linear_program.h"

struct glp_prob;

namespace sovhub::lp {

class GlpkSolver final : public disclosure::LpSolver {
 public:
  GlpkSolver();
  ~GlpkSolver() override;
  GlpkSolver(const GlpkSolver&) = delete;
  GlpkSolver& operator=(const GlpkSolver&) = delete;
  GlpkSolver(GlpkSolver&&) noexcept;
  GlpkSolver& operator=(GlpkSolver&&) noexcept;

  Status Load(const disclosure::LinearSystem& system) override;
  Status SetBounds(int variable, double lower, double upper) override;
  Result<disclosure::LpSolution> Optimize(const std::vector<disclosure::LpTerm>& objective,
                                          disclosure::LpSense sense, bool want_point) override;
  // glp_intopt after the LP relaxation; gives up (Unavailable) after
  // kIntegerSeconds.
  Result<disclosure::LpSolution> OptimizeInteger(const std::vector<disclosure::LpTerm>& objective,
                                                 disclosure::LpSense sense) override;
  static constexpr int kIntegerSeconds = 120;

 private:
  struct ProblemDeleter {
    void operator()(glp_prob* problem) const;
  };
  std::unique_ptr<glp_prob, ProblemDeleter> problem_;
  Status SetObjective(const std::vector<disclosure::LpTerm>& objective, disclosure::LpSense sense);
  std::vector<int> objective_columns_;  // columns with a non-zero objective now
  int columns_ = 0;
};

// The factory the CLI and the tests inject into disclosure::Protect/Audit.
disclosure::LpSolverFactory GlpkFactory();

}  // namespace sovhub::lp

#endif  // SOVHUB_LP_GLPK_SOLVER_H_
