// SPDX-License-Identifier: AGPL-3.0-or-later
#include "registry/receipt.h"

#include <nlohmann/json.hpp>

#include "core/bytes.h"
#include "crypto/merkle_hasher.h"
#include "domain/nir.h"
#include "domain/signed_note.h"

namespace sovhub::registry {
namespace {

constexpr std::string_view kReceiptFormat = "sovhub-opposition-receipt/v1";

Status Field(std::string_view name, std::string_view what) {
  return Status::InvalidArgument("receipt: field \"" + std::string(name) + "\" " +
                                 std::string(what));
}

}  // namespace

std::string ReceiptToJson(const Receipt& receipt) {
  nlohmann::ordered_json doc;
  doc["format"] = kReceiptFormat;
  doc["origin"] = receipt.origin;
  doc["leaf_index"] = receipt.leaf_index;
  doc["leaf"] = receipt.leaf;
  doc["salt"] = receipt.salt ? nlohmann::ordered_json(ToBase64(*receipt.salt)) : nullptr;
  doc["inclusion_proof"] = nlohmann::ordered_json::array();
  for (const merkle::Hash& hash : receipt.inclusion_proof) {
    doc["inclusion_proof"].push_back(ToBase64(hash));
  }
  doc["checkpoint"] = receipt.checkpoint;
  return doc.dump(2) + "\n";
}

Result<Receipt> ReceiptFromJson(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::InvalidArgument("receipt: not a JSON object");
  }
  static const char* const kFields[] = {"format", "origin", "leaf_index", "leaf",
                                        "salt", "inclusion_proof", "checkpoint"};
  for (const auto& [key, value] : doc.items()) {
    if (std::find(std::begin(kFields), std::end(kFields), key) == std::end(kFields)) {
      return Field(key, "is not a receipt field");
    }
  }
  for (const char* key : kFields) {
    if (!doc.contains(key)) return Field(key, "is missing");
  }
  if (!doc["format"].is_string() || doc["format"].get<std::string>() != kReceiptFormat) {
    return Field("format", "is not \"" + std::string(kReceiptFormat) + "\"");
  }
  Receipt receipt;
  if (!doc["origin"].is_string()) return Field("origin", "is not a string");
  receipt.origin = doc["origin"].get<std::string>();
  if (!doc["leaf_index"].is_number_unsigned()) return Field("leaf_index", "is not an index");
  receipt.leaf_index = doc["leaf_index"].get<std::uint64_t>();
  if (!doc["leaf"].is_string()) return Field("leaf", "is not a string");
  receipt.leaf = doc["leaf"].get<std::string>();
  if (!doc["salt"].is_null()) {
    auto salt = doc["salt"].is_string() ? FromBase64(doc["salt"].get<std::string>())
                                        : Result<Bytes>(Status::InvalidArgument("not a string"));
    if (!salt.ok() || salt->size() != 32) return Field("salt", "is not 32 bytes of base64");
    Salt value;
    std::copy(salt->begin(), salt->end(), value.begin());
    receipt.salt = value;
  }
  if (!doc["inclusion_proof"].is_array()) return Field("inclusion_proof", "is not a list");
  for (std::size_t i = 0; i < doc["inclusion_proof"].size(); ++i) {
    const auto& item = doc["inclusion_proof"][i];
    auto hash = item.is_string() ? merkle::HashFromBase64(item.get<std::string>())
                                 : Result<merkle::Hash>(Status::InvalidArgument("not a string"));
    if (!hash.ok()) {
      return Field("inclusion_proof[" + std::to_string(i) + "]", "is not a base64 hash");
    }
    receipt.inclusion_proof.push_back(*hash);
  }
  if (!doc["checkpoint"].is_string()) return Field("checkpoint", "is not a string");
  receipt.checkpoint = doc["checkpoint"].get<std::string>();
  return receipt;
}

Result<ReceiptCheck> VerifyReceipt(std::string_view receipt_json,
                                   const crypto::NoteVerifier& log_key,
                                   std::optional<std::string_view> nir) {
  SOVHUB_ASSIGN_OR_RETURN(Receipt receipt, ReceiptFromJson(receipt_json));
  ReceiptCheck check;

  auto opened = crypto::OpenNote(receipt.checkpoint, std::span(&log_key, 1));
  if (!opened.ok()) return opened.status().WithContext("receipt: checkpoint");
  check.checked.push_back("checkpoint signed by " + log_key.name());
  auto checkpoint = note::ParseCheckpoint(opened->text);
  if (!checkpoint.ok()) return checkpoint.status().WithContext("receipt: checkpoint");
  if (checkpoint->origin != receipt.origin) {
    return Status::InvalidArgument("receipt: the checkpoint's origin \"" + checkpoint->origin +
                                   "\" is not the receipt's \"" + receipt.origin + "\"");
  }
  check.tree_size = checkpoint->size;

  auto leaf = opposition::DecodeLeaf(receipt.leaf);
  if (!leaf.ok()) return leaf.status().WithContext("receipt");
  check.leaf = *leaf;

  crypto::Rfc9162Hasher hasher;
  Status included = merkle::VerifyInclusion(hasher, receipt.leaf_index, checkpoint->size,
                                            hasher.Leaf(AsBytes(receipt.leaf)),
                                            receipt.inclusion_proof, checkpoint->root);
  if (!included.ok()) return included.WithContext("receipt: inclusion proof");
  check.checked.push_back("leaf " + std::to_string(receipt.leaf_index) +
                          " is in the log of size " + std::to_string(checkpoint->size));

  if (nir) {
    if (!receipt.salt) {
      return Status::InvalidArgument(
          "receipt: no salt in this receipt (it re-proves an earlier registration): the "
          "holder can only be checked with the first receipt");
    }
    auto canonical = nir::ParseNir(*nir);
    if (!canonical.ok()) return Status::InvalidArgument("the NIR given is not a valid NIR");
    if (Commitment(*receipt.salt, *canonical) != leaf->commitment) {
      return Status::InvalidArgument("receipt: the commitment is not to the NIR given");
    }
    check.holder_checked = true;
    check.checked.push_back("the commitment is to the NIR given");
  }

  if (ReceiptToJson(receipt) != receipt_json) {
    return Status::InvalidArgument(
        "receipt: its bytes differ from the canonical form sovhub writes (edited?)");
  }
  check.checked.push_back("the receipt is byte for byte as written");
  return check;
}

}  // namespace sovhub::registry
