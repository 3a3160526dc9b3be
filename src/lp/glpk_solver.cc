// SPDX-License-Identifier: AGPL-3.0-or-later
#include "lp/glpk_solver.h"

#include <glpk.h>

#include <cmath>
#include <string>

namespace sovhub::lp {

using disclosure::kUnbounded;
using disclosure::LinearSystem;
using disclosure::LpOutcome;
using disclosure::LpSense;
using disclosure::LpSolution;
using disclosure::LpTerm;

void GlpkSolver::ProblemDeleter::operator()(glp_prob* problem) const { glp_delete_prob(problem); }

GlpkSolver::GlpkSolver() : problem_(glp_create_prob()) {
  // GLPK prints to the terminal by default; the hub's output is its own.
  glp_term_out(GLP_OFF);
}

GlpkSolver::~GlpkSolver() = default;
GlpkSolver::GlpkSolver(GlpkSolver&&) noexcept = default;
GlpkSolver& GlpkSolver::operator=(GlpkSolver&&) noexcept = default;

namespace {

void SetColumnBounds(glp_prob* lp, int column, double lo, double hi) {
  if (std::isinf(hi)) {
    glp_set_col_bnds(lp, column, GLP_LO, lo, 0.0);
  } else if (hi == lo) {
    glp_set_col_bnds(lp, column, GLP_FX, lo, lo);
  } else {
    glp_set_col_bnds(lp, column, GLP_DB, lo, hi);
  }
}

}  // namespace

Status GlpkSolver::SetBounds(int variable, double lower, double upper) {
  if (variable < 0 || variable >= columns_) {
    return Status::InvalidArgument("no variable " + std::to_string(variable));
  }
  SetColumnBounds(problem_.get(), variable + 1, lower, upper);
  return Status::Ok();
}

Status GlpkSolver::Load(const LinearSystem& system) {
  glp_prob* lp = problem_.get();
  glp_erase_prob(lp);
  objective_columns_.clear();
  columns_ = system.variable_count();
  if (system.upper.size() != system.lower.size()) {
    return Status::InvalidArgument("lower and upper bounds differ in length");
  }
  const int rows = static_cast<int>(system.rows.size());
  if (columns_ > 0) glp_add_cols(lp, columns_);
  if (rows > 0) glp_add_rows(lp, rows);
  for (int j = 0; j < columns_; ++j) {
    SetColumnBounds(lp, j + 1, system.lower[j], system.upper[j]);
  }
  // GLPK's triplets are 1-based; index 0 is unused.
  std::vector<int> ia(1), ja(1);
  std::vector<double> ar(1);
  for (int i = 0; i < rows; ++i) {
    const LinearSystem::Row& row = system.rows[i];
    glp_set_row_bnds(lp, i + 1, GLP_FX, row.rhs, row.rhs);
    for (const LpTerm& term : row.terms) {
      if (term.variable < 0 || term.variable >= columns_) {
        return Status::InvalidArgument("row " + std::to_string(i) + " names variable " +
                                       std::to_string(term.variable) + " of " + std::to_string(columns_));
      }
      ia.push_back(i + 1);
      ja.push_back(term.variable + 1);
      ar.push_back(term.coefficient);
    }
  }
  glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  if (rows > 0) glp_adv_basis(lp, 0);
  return Status::Ok();
}

Status GlpkSolver::SetObjective(const std::vector<LpTerm>& objective, LpSense sense) {
  glp_prob* lp = problem_.get();
  for (int column : objective_columns_) glp_set_obj_coef(lp, column, 0.0);
  objective_columns_.clear();
  for (const LpTerm& term : objective) {
    if (term.variable < 0 || term.variable >= columns_) {
      return Status::InvalidArgument("objective names variable " + std::to_string(term.variable));
    }
    glp_set_obj_coef(lp, term.variable + 1, term.coefficient);
    objective_columns_.push_back(term.variable + 1);
  }
  glp_set_obj_dir(lp, sense == LpSense::kMaximize ? GLP_MAX : GLP_MIN);
  return Status::Ok();
}

Result<LpSolution> GlpkSolver::OptimizeInteger(const std::vector<LpTerm>& objective, LpSense sense) {
  glp_prob* lp = problem_.get();
  SOVHUB_RETURN_IF_ERROR(SetObjective(objective, sense));
  for (int j = 1; j <= columns_; ++j) glp_set_col_kind(lp, j, GLP_IV);
  glp_iocp parameters;
  glp_init_iocp(&parameters);
  parameters.msg_lev = GLP_MSG_OFF;
  parameters.presolve = GLP_ON;  // solves the LP relaxation itself
  parameters.tm_lim = kIntegerSeconds * 1000;
  const int code = glp_intopt(lp, &parameters);
  const int status = glp_mip_status(lp);
  LpSolution solution;
  if (status == GLP_OPT && code == 0) {
    solution.outcome = LpOutcome::kOptimal;
    solution.objective = glp_mip_obj_val(lp);
    solution.point.resize(columns_);
    for (int j = 0; j < columns_; ++j) solution.point[j] = glp_mip_col_val(lp, j + 1);
  }
  for (int j = 1; j <= columns_; ++j) glp_set_col_kind(lp, j, GLP_CV);
  if (solution.outcome == LpOutcome::kOptimal) return solution;
  if (code == GLP_ENOPFS || status == GLP_NOFEAS) return solution;  // kInfeasible
  if (code == GLP_ENODFS) {
    solution.outcome = LpOutcome::kUnboundedObjective;
    return solution;
  }
  if (code == GLP_ETMLIM) {
    return Status::Unavailable("the integer program was not solved within " + std::to_string(kIntegerSeconds) + " s");
  }
  return Status::Internal("GLPK branch and bound failed with code " + std::to_string(code));
}

Result<LpSolution> GlpkSolver::Optimize(const std::vector<LpTerm>& objective, LpSense sense,
                                        bool want_point) {
  glp_prob* lp = problem_.get();
  SOVHUB_RETURN_IF_ERROR(SetObjective(objective, sense));

  glp_smcp parameters;
  glp_init_smcp(&parameters);
  parameters.msg_lev = GLP_MSG_OFF;
  parameters.presolve = GLP_OFF;  // presolve would discard the basis kept for warm starts
  int code = glp_simplex(lp, &parameters);
  if (code == GLP_EBADB || code == GLP_ESING || code == GLP_ECOND) {
    // The kept basis went bad (numerically): start again from a fresh one.
    glp_adv_basis(lp, 0);
    code = glp_simplex(lp, &parameters);
    if (code == GLP_ESING || code == GLP_ECOND || code == GLP_EBADB) {
      glp_std_basis(lp);
      code = glp_simplex(lp, &parameters);
    }
  }
  if (code != 0) return Status::Internal("GLPK simplex failed with code " + std::to_string(code));

  LpSolution solution;
  switch (glp_get_status(lp)) {
    case GLP_OPT:
      solution.outcome = LpOutcome::kOptimal;
      solution.objective = glp_get_obj_val(lp);
      if (want_point) {
        solution.point.resize(columns_);
        for (int j = 0; j < columns_; ++j) solution.point[j] = glp_get_col_prim(lp, j + 1);
      }
      return solution;
    case GLP_UNBND:
      solution.outcome = LpOutcome::kUnboundedObjective;
      solution.objective = sense == LpSense::kMaximize ? kUnbounded : -kUnbounded;
      return solution;
    case GLP_NOFEAS:
    case GLP_INFEAS:
      solution.outcome = LpOutcome::kInfeasible;
      return solution;
    default:
      return Status::Internal("GLPK simplex ended without a solution");
  }
}

disclosure::LpSolverFactory GlpkFactory() {
  return [] { return std::make_unique<GlpkSolver>(); };
}

}  // namespace sovhub::lp
