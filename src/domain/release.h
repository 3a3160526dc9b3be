// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The release workflow's rules, pure: the states of a submitted output, who
// may act on it, and where each action leads (docs/releases.md). The
// releases service (src/releases) stores, journals and moves files; this
// file decides.
//
//   submitted ──pass_gate──▶ gated ──control──▶ controlled ──review──▶ reviewed_once
//       │                      │                                          │ review (another checker)
//       └──refuse_gate──▶ refused ◀──fail_control                         ▼
//                                        approved ◀──decide── reviewed_twice ──decide──▶ rejected
//
// The hub itself runs the gate and the disclosure control (actor kind
// kHub); people review and decide:
//   review  a member with the checker role, never the submitter, at most
//           once per output: two reviews come from two distinct checkers;
//   decide  a checker, never the submitter, once two reviews exist;
//           approve only when both reviews approve; reject always allowed
//           then (withholding is the safe direction), with a reason.
// Approved, rejected and refused are final.
#ifndef SOVHUB_DOMAIN_RELEASE_H_
#define SOVHUB_DOMAIN_RELEASE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "domain/project.h"

namespace sovhub::release {

enum class State { kSubmitted, kGated, kRefused, kControlled, kReviewedOnce, kReviewedTwice, kApproved, kRejected };
std::string_view StateName(State state);
Result<State> ParseState(std::string_view name);
bool IsFinal(State state);

enum class Action { kPassGate, kRefuseGate, kControl, kFailControl, kReview, kDecide };
std::string_view ActionName(Action action);

enum class Verdict { kApprove, kReject };
std::string_view VerdictName(Verdict verdict);
Result<Verdict> ParseVerdict(std::string_view name);

// Who acts. kHub is the hub's own automatic steps (gate, control); a person
// is known by the name of a project member (docs/threat-model.md: names are
// not authenticated yet). `roles` is empty for a non-member.
struct Actor {
  bool is_hub = false;
  std::string name;
  std::vector<project::Role> roles;
};

// The roles `name` holds among the project's members (a name may be listed
// more than once); empty when it is not a member.
std::vector<project::Role> RolesOf(const project::Project& project, std::string_view name);
bool HasRole(const Actor& actor, project::Role role);

struct Review {
  std::string checker;
  Verdict verdict = Verdict::kApprove;
};

// What the rules need to know of an output.
struct OutputFacts {
  State state = State::kSubmitted;
  std::string submitter;
  std::vector<Review> reviews;
};

// PermissionDenied unless `actor` is a member with the researcher role.
Status MaySubmit(const Actor& actor);

// The state `action` by `actor` leads to. `verdict` is needed by kReview
// and kDecide (InvalidArgument without it). Errors:
//   PermissionDenied  the actor may not do this (a non-member, a researcher
//                     reviewing, the submitter reviewing or deciding, a
//                     person running the gate...);
//   Conflict          the output's state forbids it (deciding before two
//                     reviews, a checker reviewing twice, approving against
//                     a rejecting review, acting on a final output).
// Each message names the rule ("the submitter may not review their own
// output").
Result<State> Next(const OutputFacts& output, Action action, const Actor& actor,
                   std::optional<Verdict> verdict = std::nullopt);

}  // namespace sovhub::release

#endif  // SOVHUB_DOMAIN_RELEASE_H_
