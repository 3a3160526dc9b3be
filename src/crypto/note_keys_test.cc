// SPDX-License-Identifier: AGPL-3.0-or-later
#include "crypto/note_keys.h"

#include <gtest/gtest.h>

#include "testing/testing.h"

namespace sovhub::crypto {
namespace {

// The verifier key and signed note of c2sp.org/signed-note's example.
constexpr std::string_view kExampleKey =
    "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

std::string ExampleNote() {
  std::string doc = testing::ReadFileOrFail(testing::SharedData("merkle/c2sp/signed-note.md"));
  std::size_t start = doc.find("This is an example message.");
  std::size_t end = doc.find("```", start);
  return doc.substr(start, end - start);
}

TEST(NoteKeysTest, TheSpecificationExampleVerifies) {
  std::string doc = testing::ReadFileOrFail(testing::SharedData("merkle/c2sp/signed-note.md"));
  ASSERT_NE(doc.find(kExampleKey), std::string::npos) << "the key is the document's";
  auto verifier = NoteVerifier::FromVerifierKey(kExampleKey);
  ASSERT_TRUE(verifier.ok()) << verifier.status().ToString();
  EXPECT_EQ(verifier->key_id(), 0x530d903au);
  auto note = OpenNote(ExampleNote(), std::span(&*verifier, 1));
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(note->text, "This is an example message.\n");

  std::string altered = ExampleNote();
  altered[0] = 't';
  EXPECT_FALSE(OpenNote(altered, std::span(&*verifier, 1)).ok());
}

// Another implementation's known answer: the key pair and signed note of
// golang.org/x/mod/sumdb/note's own tests. Ed25519 is deterministic, so our
// signature must be theirs byte for byte.
TEST(NoteKeysTest, GoSumdbNoteKnownAnswer) {
  const std::string skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  const std::string vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  const std::string text =
      "If you think cryptography is the answer to your problem,\n"
      "then you don't know what your problem is.\n";
  const std::string want = text + "\n" +
      "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  auto signer = NoteSigner::FromPrivateKey(skey);
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  EXPECT_EQ(signer->VerifierKey(), vkey);
  auto signed_note = SignNote(text, std::span(&*signer, 1));
  ASSERT_TRUE(signed_note.ok());
  EXPECT_EQ(*signed_note, want);
  auto verifier = *NoteVerifier::FromVerifierKey(vkey);
  auto opened = OpenNote(want, std::span(&verifier, 1));
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(opened->text, text);
}

TEST(NoteKeysTest, NotesWithoutAKnownSignatureAreRefused) {
  auto verifier = *NoteVerifier::FromVerifierKey(kExampleKey);
  std::string doc = testing::ReadFileOrFail(testing::SharedData("merkle/c2sp/tlog-checkpoint.md"));
  std::size_t start = doc.find("example.com/behind-the-sofa\n");
  std::string checkpoint = doc.substr(start, doc.find("```", start) - start);
  auto note = OpenNote(checkpoint, std::span(&verifier, 1));
  ASSERT_FALSE(note.ok());
  EXPECT_NE(note.status().message().find("no signature by a known key"), std::string::npos);
}

// Many keys, so that some hold '+' in their base64 part.
TEST(NoteKeysTest, KeysWithPlusInTheirBase64) {
  SystemRandom random;
  for (int i = 0; i < 50; ++i) {
    auto pair = *GenerateNoteKey("k", random);
    auto signer = NoteSigner::FromPrivateKey(pair.private_key);
    ASSERT_TRUE(signer.ok()) << pair.private_key << ": " << signer.status().ToString();
    ASSERT_TRUE(NoteVerifier::FromVerifierKey(pair.verifier_key).ok()) << pair.verifier_key;
  }
}

TEST(NoteKeysTest, SignAndVerifyRoundTrip) {
  SystemRandom random;
  auto pair = GenerateNoteKey("sovhub.test/log", random);
  ASSERT_TRUE(pair.ok());
  EXPECT_TRUE(pair->private_key.starts_with("PRIVATE+KEY+sovhub.test/log+"));
  auto signer = NoteSigner::FromPrivateKey(pair->private_key);
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  EXPECT_EQ(signer->VerifierKey(), pair->verifier_key);
  auto verifier = *NoteVerifier::FromVerifierKey(pair->verifier_key);

  auto message = SignNote("hello\n", std::span(&*signer, 1));
  ASSERT_TRUE(message.ok());
  EXPECT_TRUE(OpenNote(*message, std::span(&verifier, 1)).ok());

  // An unknown extra signature is ignored; a bad one by the known key is not.
  auto other = GenerateNoteKey("sovhub.test/witness", random);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto other_signer_result = NoteSigner::FromPrivateKey(other->private_key);
  ASSERT_TRUE(other_signer_result.ok()) << other_signer_result.status().ToString();
  NoteSigner other_signer = *other_signer_result;
  NoteSigner both[] = {*signer, other_signer};
  auto cosigned_result = SignNote("hello\n", both);
  ASSERT_TRUE(cosigned_result.ok()) << cosigned_result.status().ToString();
  std::string cosigned = *cosigned_result;
  EXPECT_TRUE(OpenNote(cosigned, std::span(&verifier, 1)).ok());
  std::string forged = *message;
  forged[forged.size() - 6] = forged[forged.size() - 6] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(OpenNote(forged, std::span(&verifier, 1)).ok());

  NoteSigner twice[] = {*signer, *signer};
  EXPECT_FALSE(OpenNote(*SignNote("hello\n", twice), std::span(&verifier, 1)).ok())
      << "a known key signing twice is malformed";

  EXPECT_FALSE(SignNote("no newline", std::span(&*signer, 1)).ok());
  EXPECT_FALSE(SignNote("tab\there\n", std::span(&*signer, 1)).ok());
}

TEST(NoteKeysTest, RefusesMalformedKeys) {
  EXPECT_FALSE(NoteVerifier::FromVerifierKey("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").ok());
  EXPECT_FALSE(NoteVerifier::FromVerifierKey("example.com/foo+530d903a+AkyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").ok());
  EXPECT_FALSE(NoteVerifier::FromVerifierKey("example.com/foo+530d903a").ok());
  EXPECT_FALSE(NoteVerifier::FromVerifierKey("").ok());
  EXPECT_FALSE(NoteSigner::FromPrivateKey(std::string(kExampleKey)).ok());
  SystemRandom random;
  auto pair = *GenerateNoteKey("a", random);
  std::string renamed = pair.private_key;
  renamed.replace(renamed.find("+a+"), 3, "+b+");
  EXPECT_FALSE(NoteSigner::FromPrivateKey(renamed).ok()) << "key id no longer matches";
  EXPECT_FALSE(GenerateNoteKey("a b", random).ok());
}

}  // namespace
}  // namespace sovhub::crypto
