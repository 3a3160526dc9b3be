// SPDX-License-Identifier: AGPL-3.0-or-later
#include "lp/glpk_solver.h"

#include <gtest/gtest.h>

namespace sovhub::lp {
namespace {

using disclosure::LinearSystem;
using disclosure::LpOutcome;
using disclosure::LpSense;

// x0 + x1 = 10, x1 + x2 = 4, all >= 0.
LinearSystem TwoRows() {
  LinearSystem system;
  system.lower = {0, 0, 0};
  system.upper = {disclosure::kUnbounded, disclosure::kUnbounded, disclosure::kUnbounded};
  system.rows.push_back({{{0, 1.0}, {1, 1.0}}, 10.0});
  system.rows.push_back({{{1, 1.0}, {2, 1.0}}, 4.0});
  return system;
}

TEST(GlpkSolver, MinimisesAndMaximisesOneVariableWithTheSameProblem) {
  GlpkSolver solver;
  ASSERT_TRUE(solver.Load(TwoRows()).ok());
  auto max0 = solver.Optimize({{0, 1.0}}, LpSense::kMaximize, true);
  ASSERT_TRUE(max0.ok());
  EXPECT_EQ(max0->outcome, LpOutcome::kOptimal);
  EXPECT_DOUBLE_EQ(max0->objective, 10.0);
  ASSERT_EQ(max0->point.size(), 3u);
  EXPECT_DOUBLE_EQ(max0->point[1], 0.0);
  auto min0 = solver.Optimize({{0, 1.0}}, LpSense::kMinimize, false);
  ASSERT_TRUE(min0.ok());
  EXPECT_DOUBLE_EQ(min0->objective, 6.0);
  auto max2 = solver.Optimize({{2, 1.0}}, LpSense::kMaximize, false);
  ASSERT_TRUE(max2.ok());
  EXPECT_DOUBLE_EQ(max2->objective, 4.0);
}

TEST(GlpkSolver, ReportsUnboundedAndInfeasible) {
  GlpkSolver solver;
  LinearSystem system;
  system.lower = {0, 0};
  system.upper = {disclosure::kUnbounded, disclosure::kUnbounded};
  system.rows.push_back({{{0, 1.0}, {1, -1.0}}, 0.0});
  ASSERT_TRUE(solver.Load(system).ok());
  auto up = solver.Optimize({{0, 1.0}}, LpSense::kMaximize, false);
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->outcome, LpOutcome::kUnboundedObjective);

  system.rows[0].rhs = -1.0;
  system.upper = {0.0, 0.0};
  ASSERT_TRUE(solver.Load(system).ok());
  auto none = solver.Optimize({{0, 1.0}}, LpSense::kMaximize, false);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->outcome, LpOutcome::kInfeasible);
}

TEST(GlpkSolver, RefusesAnUnknownVariable) {
  GlpkSolver solver;
  LinearSystem system = TwoRows();
  system.rows[0].terms.push_back({7, 1.0});
  EXPECT_FALSE(solver.Load(system).ok());
}

}  // namespace
}  // namespace sovhub::lp
