// SPDX-License-Identifier: AGPL-3.0-or-later
#include "journal/journal.h"

#include "core/bytes.h"
#include "crypto/hmac_sha256.h"

namespace sovhub::journal {
namespace {

void AddField(crypto::Sha256Stream& stream, std::string_view value) {
  stream.Update(std::to_string(value.size()));
  stream.Update(":");
  stream.Update(value);
}

}  // namespace

std::string GenesisHash() { return std::string(64, '0'); }

std::string HashRecord(const store::JournalRecord& record) {
  crypto::Sha256Stream stream;
  stream.Update("sovhub-journal-v1");
  AddField(stream, std::to_string(record.seq));
  AddField(stream, record.time);
  AddField(stream, record.actor);
  AddField(stream, record.action);
  AddField(stream, record.object);
  AddField(stream, record.details);
  AddField(stream, record.prev_hash);
  return ToHex(stream.Finish());
}

Result<store::JournalRecord> Journal::Append(const Entry& entry) {
  SOVHUB_ASSIGN_OR_RETURN(std::optional<store::JournalRecord> last, store_.LastJournalRecord());
  store::JournalRecord record;
  record.seq = last ? last->seq + 1 : 1;
  record.prev_hash = last ? last->hash : GenesisHash();
  record.time = clock_.NowIso();
  record.actor = entry.actor;
  record.action = entry.action;
  record.object = entry.object;
  record.details = entry.details;
  record.hash = HashRecord(record);
  SOVHUB_RETURN_IF_ERROR(store_.AppendJournalRecord(record));
  return record;
}

Status Journal::AnchorHead() {
  if (anchor_ == nullptr) return Status::Ok();
  SOVHUB_ASSIGN_OR_RETURN(std::optional<store::JournalRecord> last, store_.LastJournalRecord());
  if (!last) return Status::Ok();
  return anchor_->Save(Head{last->seq, last->hash});
}

Result<VerifyReport> Journal::Verify() {
  VerifyReport report;
  std::optional<Head> anchored;
  if (anchor_ != nullptr) {
    SOVHUB_ASSIGN_OR_RETURN(anchored, anchor_->Load());
  }
  std::int64_t expected_seq = 1;
  std::string expected_prev = GenesisHash();
  SOVHUB_RETURN_IF_ERROR(store_.ScanJournal([&](const store::JournalRecord& record) {
    std::string at = "entry " + std::to_string(record.seq) + " (position " +
                     std::to_string(report.entries + 1) + ")";
    if (record.seq != expected_seq) {
      report.problems.push_back(at + ": expected seq " + std::to_string(expected_seq) +
                                " (an entry was deleted, inserted or moved)");
    }
    if (record.prev_hash != expected_prev) {
      report.problems.push_back(at + ": does not chain to the entry before it");
    }
    if (HashRecord(record) != record.hash) {
      report.problems.push_back(at + ": content does not match its hash (altered)");
    }
    if (anchored && record.seq == anchored->seq && record.hash != anchored->hash) {
      report.problems.push_back(at + ": differs from the anchored head (history rewritten)");
    }
    ++report.entries;
    expected_seq = record.seq + 1;
    expected_prev = record.hash;
    report.head = Head{record.seq, record.hash};
    return Status::Ok();
  }));
  if (anchor_ != nullptr) {
    if (anchored) {
      if (anchored->seq > report.head.seq) {
        report.problems.push_back("the journal ends at entry " + std::to_string(report.head.seq) +
                                  " but its anchored head is entry " +
                                  std::to_string(anchored->seq) + " (entries were removed)");
      }
    } else if (report.entries > 0) {
      report.problems.push_back("the journal head anchor is missing");
    }
  }
  report.ok = report.problems.empty();
  return report;
}

}  // namespace sovhub::journal
