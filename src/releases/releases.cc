// SPDX-License-Identifier: AGPL-3.0-or-later
#include "releases/releases.h"

#include <nlohmann/json.hpp>

#include "core/bytes.h"
#include "crypto/hmac_sha256.h"
#include "files/atomic_file.h"

namespace sovhub::releases {
namespace {

using json = nlohmann::json;

// Largest file of an output folder read back (the limits keep them smaller).
constexpr std::size_t kMaxOutputFileBytes = std::size_t{64} << 20;

release::OutputFacts FactsOf(const OutputView& view) {
  release::OutputFacts facts;
  facts.state = *release::ParseState(view.record.state);
  facts.submitter = view.record.submitter;
  for (const auto& review : view.reviews) {
    facts.reviews.push_back({review.checker, *release::ParseVerdict(review.verdict)});
  }
  return facts;
}

}  // namespace

Releases::Releases(store::Store& store, journal::Journal& journal, registry::Registry& registry,
                   projects::Projects& projects, Clock& clock, std::filesystem::path releases_dir,
                   release::GateLimits limits)
    : store_(store),
      journal_(journal),
      registry_(registry),
      projects_(projects),
      clock_(clock),
      releases_dir_(std::move(releases_dir)),
      limits_(limits) {}

std::filesystem::path Releases::OutputFolder(const std::string& project_id, std::int64_t output_id) const {
  return projects_.WorkspaceDir(project_id) / "outputs" / std::to_string(output_id);
}

Result<release::Actor> Releases::ActorOf(const std::string& project_id, const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("say who acts (--as NAME, a project member's name)");
  SOVHUB_ASSIGN_OR_RETURN(project::Project p, projects_.Find(project_id));
  return release::Actor{false, name, release::RolesOf(p, name)};
}

Status Releases::Deny(const std::string& actor, const std::string& action, const std::string& object,
                      const Status& refusal) {
  Status journaled = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_RETURN_IF_ERROR(store_.Begin());
    auto appended = journal_.Append({actor, "release.denied", object,
                                     json({{"action", action}, {"reason", refusal.message()}}).dump()});
    if (!appended.ok()) {
      (void)store_.Rollback();
      return appended.status();
    }
    SOVHUB_RETURN_IF_ERROR(store_.Commit());
    return journal_.AnchorHead();
  });
  if (!journaled.ok()) return journaled.WithContext("journaling a refusal (" + refusal.message() + ")");
  return refusal;
}

Result<OutputView> Releases::Load(std::int64_t output_id) {
  OutputView view;
  std::optional<store::OutputRecord> record;
  Status locked1 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(record, store_.releases().FindOutput(output_id));
    if (!record) return Status::Ok();
    SOVHUB_ASSIGN_OR_RETURN(view.reviews, store_.releases().ListReviews(output_id));
    SOVHUB_ASSIGN_OR_RETURN(view.decision, store_.releases().FindDecision(output_id));
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(locked1);
  if (!record) return Status::NotFound("no output " + std::to_string(output_id) + " (sovhub release list)");
  view.record = std::move(*record);
  view.folder = OutputFolder(view.record.project_id, output_id);
  if (view.decision && !view.decision->released_to.empty()) view.released = view.decision->released_to;
  return view;
}

Result<OutputView> Releases::Show(std::int64_t output_id) { return Load(output_id); }

Result<std::vector<store::OutputRecord>> Releases::List(const std::string& project_id) {
  std::vector<store::OutputRecord> outputs;
  Status locked2 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_ASSIGN_OR_RETURN(outputs, store_.releases().ListOutputs(project_id));
    return Status::Ok();
  });
  SOVHUB_RETURN_IF_ERROR(locked2);
  return outputs;
}

Result<OutputView> Releases::Review(std::int64_t output_id, const std::string& actor_name, release::Verdict verdict,
                                    const std::string& comment) {
  SOVHUB_ASSIGN_OR_RETURN(OutputView view, Load(output_id));
  const std::string object = "release/" + std::to_string(output_id);
  SOVHUB_ASSIGN_OR_RETURN(release::Actor actor, ActorOf(view.record.project_id, actor_name));
  auto next = release::Next(FactsOf(view), release::Action::kReview, actor, verdict);
  if (!next.ok()) return Deny(actor_name, "review", object, next.status());
  if (comment.empty()) return Status::InvalidArgument("a review needs a comment (--comment)");
  const std::string now = clock_.NowIso();
  view.record.state = std::string(release::StateName(*next));
  view.record.updated_at = now;
  Status locked3 = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_RETURN_IF_ERROR(store_.Begin());
    Status stored = store_.releases().AddReview(
        {output_id, actor_name, std::string(release::VerdictName(verdict)), comment, now});
    if (stored.ok()) stored = store_.releases().UpdateOutput(view.record);
    if (stored.ok()) {
      stored = journal_
                   .Append({actor_name, "release.review", object,
                            json({{"verdict", release::VerdictName(verdict)},
                                  {"comment", comment},
                                  {"state", view.record.state}})
                                .dump()})
                   .status();
    }
    if (!stored.ok()) {
      (void)store_.Rollback();
      return stored;
    }
    SOVHUB_RETURN_IF_ERROR(store_.Commit());
    return journal_.AnchorHead();
  });
  SOVHUB_RETURN_IF_ERROR(locked3);
  return Load(output_id);
}

Result<OutputView> Releases::Decide(std::int64_t output_id, const std::string& actor_name, release::Verdict verdict,
                                    const std::string& reason) {
  SOVHUB_ASSIGN_OR_RETURN(OutputView view, Load(output_id));
  const std::string object = "release/" + std::to_string(output_id);
  SOVHUB_ASSIGN_OR_RETURN(release::Actor actor, ActorOf(view.record.project_id, actor_name));
  auto next = release::Next(FactsOf(view), release::Action::kDecide, actor, verdict);
  if (!next.ok()) return Deny(actor_name, "decide", object, next.status());
  if (verdict == release::Verdict::kReject && reason.empty()) {
    return Status::InvalidArgument("a rejection needs a reason (--reason); it is kept with the output");
  }
  const std::string now = clock_.NowIso();
  view.record.state = std::string(release::StateName(*next));
  view.record.updated_at = now;
  if (verdict == release::Verdict::kReject) view.record.reason = reason;
  store::DecisionRecord decision{output_id, actor_name, std::string(release::VerdictName(verdict)), reason, now, ""};

  // Approved: the release files are complete and synced in a pending folder
  // before the decision commits; renamed into place after.
  const std::filesystem::path project_dir = releases_dir_ / view.record.project_id;
  const std::filesystem::path final_dir = project_dir / std::to_string(output_id);
  const std::filesystem::path pending = project_dir / ("." + std::to_string(output_id) + ".pending");
  if (verdict == release::Verdict::kApprove) {
    SOVHUB_ASSIGN_OR_RETURN(std::string table, files::ReadWholeFile(view.folder / "protected.csv", kMaxOutputFileBytes));
    if (ToHex(crypto::Sha256(table)) != view.record.protected_hash) {
      return Status::Corruption((view.folder / "protected.csv").string() +
                                " differs from the protected table that was reviewed (hash)");
    }
    SOVHUB_ASSIGN_OR_RETURN(std::string report,
                            files::ReadWholeFile(view.folder / "disclosure-report.json", kMaxOutputFileBytes));
    std::error_code error;
    std::filesystem::remove_all(pending, error);
    std::filesystem::create_directories(pending, error);
    if (error) return Status::IoError("cannot create " + pending.string() + ": " + error.message());
    json reviews = json::array();
    for (const auto& r : view.reviews) reviews.push_back({{"checker", r.checker}, {"verdict", r.verdict}, {"at", r.at}});
    json manifest = {{"project", view.record.project_id},
                     {"output", output_id},
                     {"description", view.record.description},
                     {"submitter", view.record.submitter},
                     {"submitted_at", view.record.created_at},
                     {"reviews", reviews},
                     {"decision", {{"checker", actor_name}, {"verdict", "approve"}, {"at", now}}},
                     {"protected_sha256", view.record.protected_hash},
                     {"notice", "Released after the gate, disclosure control and two checkers' review "
                                "(docs/releases.md). Suppressed cells are empty."}};
    SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(pending / "protected.csv", table));
    SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(pending / "disclosure-report.json", report));
    SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(pending / "release.json", manifest.dump(2) + "\n"));
    decision.released_to = final_dir.string();
  }
  Status committed = registry_.WithStoreLock([&]() -> Status {
    SOVHUB_RETURN_IF_ERROR(store_.Begin());
    Status stored = store_.releases().AddDecision(decision);
    if (stored.ok()) stored = store_.releases().UpdateOutput(view.record);
    if (stored.ok()) {
      json details = {{"verdict", decision.verdict}, {"reason", reason}, {"state", view.record.state}};
      if (!decision.released_to.empty()) {
        details["released_to"] = decision.released_to;
        details["protected_hash"] = view.record.protected_hash;
      }
      stored = journal_.Append({actor_name, "release.decide", object, details.dump()}).status();
    }
    if (!stored.ok()) {
      (void)store_.Rollback();
      return stored;
    }
    SOVHUB_RETURN_IF_ERROR(store_.Commit());
    return journal_.AnchorHead();
  });
  std::error_code ignored;
  if (!committed.ok()) {
    std::filesystem::remove_all(pending, ignored);
    return committed;
  }
  if (verdict == release::Verdict::kApprove) {
    SOVHUB_RETURN_IF_ERROR(ReleasedFolder(output_id).status());
  } else {
    SOVHUB_RETURN_IF_ERROR(files::WriteFileAtomically(
        view.folder / "rejection.json",
        json({{"checker", actor_name}, {"reason", reason}, {"at", now}}).dump(2) + "\n"));
  }
  return Load(output_id);
}

Result<std::filesystem::path> Releases::ReleasedFolder(std::int64_t output_id) {
  SOVHUB_ASSIGN_OR_RETURN(OutputView view, Load(output_id));
  if (view.record.state != "approved" || view.released.empty()) {
    return Status::Conflict("output " + std::to_string(output_id) + " is " + view.record.state +
                            ": only an approved output leaves, from the release store");
  }
  // A crash between the decision's commit and the rename leaves the pending
  // folder: the committed decision is what counts, so finish the rename.
  const std::filesystem::path pending =
      view.released.parent_path() / ("." + view.released.filename().string() + ".pending");
  if (!std::filesystem::exists(view.released) && std::filesystem::exists(pending)) {
    SOVHUB_RETURN_IF_ERROR(files::CommitRename(pending, view.released));
  }
  if (!std::filesystem::exists(view.released / "protected.csv")) {
    return Status::Corruption(view.released.string() + " is missing: the release store was altered");
  }
  return view.released;
}

}  // namespace sovhub::releases
