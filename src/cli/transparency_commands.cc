// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Verbs for auditors that need no hub: Merkle proof checks and signed notes.
#include <charconv>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/bytes.h"
#include "crypto/key_file.h"
#include "crypto/merkle_hasher.h"
#include "crypto/note_keys.h"
#include "domain/merkle.h"
#include "files/atomic_file.h"

namespace sovhub::cli {
namespace {

// Hash values come from the proof being checked: a malformed one makes the
// proof invalid (exit 2), as a wrong one does.
Result<Bytes> DecodeHashOption(const std::string& option, const std::string& text) {
  auto bytes = FromBase64(text);
  if (!bytes.ok()) return bytes.status().WithContext(option);
  return bytes;
}

void AddMerkle(CLI::App& app, Action& action) {
  CLI::App* merkle = app.add_subcommand(
      "merkle", "Check RFC 9162 Merkle proofs (SHA-256), as any auditor of a log would");
  merkle->require_subcommand(1);
  merkle->footer(
      "Hashes are standard base64; sizes and indexes are decimal; a proof is a comma-separated\n"
      "list of base64 hashes, and the empty proof is --proof \"\".\n"
      "Exit codes: 0 the proof is valid, 2 it is not (the reason is on stderr), 1 usage.");

  struct InclusionArgs {
    std::string leaf_hash, index, size, root, proof;
  };
  auto in = std::make_shared<InclusionArgs>();
  CLI::App* inclusion = merkle->add_subcommand(
      "verify-inclusion", "Check that a leaf hash is at an index of a tree with this root");
  inclusion->add_option("--leaf-hash", in->leaf_hash, "The leaf's hash, H(0x00 || leaf)")->required();
  inclusion->add_option("--index", in->index, "The leaf's 0-based index")->required();
  inclusion->add_option("--size", in->size, "The tree size")->required();
  inclusion->add_option("--root", in->root, "The tree's root hash at that size")->required();
  inclusion->add_option("--proof", in->proof, "B64,B64,... from the leaf's sibling up")->required();
  inclusion->footer(
      "Example (leaf 0 of the 8-leaf reference tree):\n"
      "  sovhub merkle verify-inclusion --leaf-hash bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0= \\\n"
      "    --index 0 --size 8 --root XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg= \\\n"
      "    --proof lqKW0iTyhcZ77pPDD4owkVfw2qNdxbh+QQt4YwoJz8c=,Xwg/ChozygdqlSeYMlgNs+DvRYS9/x9UyKNg9Q3jAx4=,a0eq8p7jwq+a+Im8H7klTavTEXfxYjLdaqsDXKOb9uQ=");
  inclusion->callback([in, &action] {
    action = [in] {
      auto index = ParseUint64("--index", in->index);
      if (!index.ok()) return Usage(index.status().message());
      auto size = ParseUint64("--size", in->size);
      if (!size.ok()) return Usage(size.status().message());
      auto leaf = merkle::HashFromBase64(in->leaf_hash);
      if (!leaf.ok()) return Invalid("--leaf-hash: " + leaf.status().message());
      auto root = DecodeHashOption("--root", in->root);
      if (!root.ok()) return Invalid(root.status().message());
      auto proof = merkle::ProofFromBase64List(in->proof);
      if (!proof.ok()) return Invalid("--proof: " + proof.status().message());
      crypto::Rfc9162Hasher hasher;
      Status status = merkle::VerifyInclusion(hasher, *index, *size, *leaf, *proof, *root);
      if (!status.ok()) return Invalid(status.message());
      std::cout << "valid: leaf " << *index << " is in the tree of size " << *size << "\n";
      return kExitOk;
    };
  });

  struct ConsistencyArgs {
    std::string size1, size2, root1, root2, proof;
  };
  auto co = std::make_shared<ConsistencyArgs>();
  CLI::App* consistency = merkle->add_subcommand(
      "verify-consistency", "Check that a tree of size2 extends the tree of size1 (append-only)");
  consistency->add_option("--size1", co->size1, "The older tree's size (not 0)")->required();
  consistency->add_option("--size2", co->size2, "The newer tree's size")->required();
  consistency->add_option("--root1", co->root1, "The older root")->required();
  consistency->add_option("--root2", co->root2, "The newer root")->required();
  consistency->add_option("--proof", co->proof, "B64,B64,... as RFC 9162 2.1.4 orders them")->required();
  consistency->footer(
      "A proof from the empty tree (size1 0) proves nothing and is refused; equal sizes need\n"
      "equal roots and --proof \"\".");
  consistency->callback([co, &action] {
    action = [co] {
      auto size1 = ParseUint64("--size1", co->size1);
      if (!size1.ok()) return Usage(size1.status().message());
      auto size2 = ParseUint64("--size2", co->size2);
      if (!size2.ok()) return Usage(size2.status().message());
      auto root1 = DecodeHashOption("--root1", co->root1);
      if (!root1.ok()) return Invalid(root1.status().message());
      auto root2 = DecodeHashOption("--root2", co->root2);
      if (!root2.ok()) return Invalid(root2.status().message());
      auto proof = merkle::ProofFromBase64List(co->proof);
      if (!proof.ok()) return Invalid("--proof: " + proof.status().message());
      crypto::Rfc9162Hasher hasher;
      Status status = merkle::VerifyConsistency(hasher, *size1, *size2, *proof, *root1, *root2);
      if (!status.ok()) return Invalid(status.message());
      std::cout << "valid: the tree of size " << *size2 << " extends the tree of size " << *size1
                << "\n";
      return kExitOk;
    };
  });
}

Result<std::string> ReadNoteFile(const std::string& file) {
  return files::ReadWholeFile(file == "-" ? "/dev/stdin" : file, note::kMaxNoteBytes);
}

void AddNote(CLI::App& app, Action& action) {
  CLI::App* note_cmd = app.add_subcommand("note", "Sign and verify C2SP signed notes (Ed25519)");
  note_cmd->require_subcommand(1);
  note_cmd->footer(
      "Key formats are c2sp.org/signed-note's: a verifier key is name+keyid+base64, a signer key\n"
      "PRIVATE+KEY+name+keyid+base64 (Ed25519, type 1), as golang.org/x/mod/sumdb/note writes.");

  struct SignArgs {
    std::string key, key_file, file;
  };
  auto sign = std::make_shared<SignArgs>();
  CLI::App* sign_cmd = note_cmd->add_subcommand("sign", "Sign a note's text; prints the signed note");
  sign_cmd->add_option("--key", sign->key, "Signer key PRIVATE+KEY+name+keyid+B64");
  sign_cmd->add_option("--key-file", sign->key_file,
                       "File holding the signer key (mode 0600), instead of --key, so that the key "
                       "does not show in the process list");
  sign_cmd->add_option("FILE", sign->file, "The note text (ends with a newline; - for stdin)")->required();
  sign_cmd->footer("Example:\n  sovhub note sign --key-file log.key checkpoint.txt > checkpoint.note");
  sign_cmd->callback([sign, &action] {
    action = [sign] {
      if (sign->key.empty() == sign->key_file.empty()) return Usage("give one of --key or --key-file");
      std::string key = sign->key;
      if (!sign->key_file.empty()) {
        auto read = crypto::ReadSecretFile(sign->key_file, 4096);
        if (!read.ok()) return Fail(read.status());
        key = *read;
      }
      auto signer = crypto::NoteSigner::FromPrivateKey(key);
      if (!signer.ok()) return Usage(signer.status().message());
      auto text = ReadNoteFile(sign->file);
      if (!text.ok()) return Fail(text.status());
      auto signed_note = crypto::SignNote(*text, std::span(&*signer, 1));
      if (!signed_note.ok()) return Invalid(sign->file + ": " + signed_note.status().message());
      std::cout << *signed_note;
      return kExitOk;
    };
  });

  struct VerifyArgs {
    std::vector<std::string> keys;
    std::string file;
  };
  auto verify = std::make_shared<VerifyArgs>();
  CLI::App* verify_cmd = note_cmd->add_subcommand(
      "verify", "Verify a signed note; prints its text when a known key's signature verifies");
  verify_cmd->add_option("--key", verify->keys, "Verifier key name+keyid+B64 (repeat for several)")
      ->required();
  verify_cmd->add_option("FILE", verify->file, "The signed note (- for stdin)")->required();
  verify_cmd->footer(
      "Signatures by other keys are ignored, as the specification says; a failing signature by a\n"
      "known key rejects the note. Exit 0 verified, 2 not, 1 usage.\n"
      "Example:\n"
      "  sovhub note verify --key example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k note.txt");
  verify_cmd->callback([verify, &action] {
    action = [verify] {
      std::vector<crypto::NoteVerifier> known;
      for (const std::string& key : verify->keys) {
        auto verifier = crypto::NoteVerifier::FromVerifierKey(key);
        if (!verifier.ok()) return Usage("--key " + key + ": " + verifier.status().message());
        known.push_back(*verifier);
      }
      auto message = ReadNoteFile(verify->file);
      if (!message.ok()) return Fail(message.status());
      auto opened = crypto::OpenNote(*message, known);
      if (!opened.ok()) return Invalid(verify->file + ": " + opened.status().message());
      std::cout << opened->text;
      return kExitOk;
    };
  });

  struct KeygenArgs {
    std::string name, out;
  };
  auto keygen = std::make_shared<KeygenArgs>();
  CLI::App* keygen_cmd = note_cmd->add_subcommand(
      "keygen", "Create an Ed25519 signer key file (mode 0600); prints its verifier key");
  keygen_cmd->add_option("--name", keygen->name, "Key name, e.g. example.org/log")->required();
  keygen_cmd->add_option("--out", keygen->out, "Signer key file to create (never overwritten)")->required();
  keygen_cmd->callback([keygen, &action] {
    action = [keygen] {
      crypto::SystemRandom random;
      auto pair = crypto::GenerateNoteKey(keygen->name, random);
      if (!pair.ok()) return Usage(pair.status().message());
      Status status = crypto::CreateSecretFile(keygen->out, pair->private_key + "\n");
      if (!status.ok()) return Fail(status);
      std::cout << pair->verifier_key << "\n";
      return kExitOk;
    };
  });
}

}  // namespace

Result<std::uint64_t> ParseUint64(const std::string& option, const std::string& text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument(option + " \"" + text +
                                   "\" is not a decimal number from 0 to 2^64-1");
  }
  return value;
}

void AddTransparencyCommands(CLI::App& app, Action& action) {
  AddMerkle(app, action);
  AddNote(app, action);
}

}  // namespace sovhub::cli
