// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/signed_note.h"

#include <gtest/gtest.h>

#include "testing/testing.h"

namespace sovhub::note {
namespace {

// The fenced examples of a C2SP document that are signed notes.
std::vector<std::string> SignedNoteExamples(const std::string& file) {
  std::string doc = testing::ReadFileOrFail(testing::SharedData("merkle/c2sp/" + file));
  std::vector<std::string> notes;
  std::size_t at = 0;
  while ((at = doc.find("```\n", at)) != std::string::npos) {
    std::size_t end = doc.find("```\n", at + 4);
    if (end == std::string::npos) break;
    std::string block = doc.substr(at + 4, end - at - 4);
    if (block.find("\n\n\xE2\x80\x94 ") != std::string::npos &&
        block.find("[...]") == std::string::npos) {
      notes.push_back(block);
    }
    at = end + 4;
  }
  return notes;
}

TEST(SignedNoteTest, ParsesTheC2spExamples) {
  int parsed = 0;
  for (const char* file : {"signed-note.md", "tlog-checkpoint.md", "tlog-cosignature.md"}) {
    for (const std::string& example : SignedNoteExamples(file)) {
      auto note = ParseNote(example);
      ASSERT_TRUE(note.ok()) << file << ": " << note.status().ToString() << "\n" << example;
      EXPECT_FALSE(note->signatures.empty());
      EXPECT_EQ(FormatNote(*note), example) << file;
      ++parsed;
    }
  }
  EXPECT_EQ(parsed, 4);
}

TEST(SignedNoteTest, ParsesTheCheckpointExample) {
  auto examples = SignedNoteExamples("tlog-checkpoint.md");
  ASSERT_EQ(examples.size(), 1u);
  auto note = ParseNote(examples[0]);
  ASSERT_TRUE(note.ok());
  auto checkpoint = ParseCheckpoint(note->text);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
  EXPECT_EQ(checkpoint->origin, "example.com/behind-the-sofa");
  EXPECT_EQ(checkpoint->size, 20852163u);
  EXPECT_EQ(ToBase64(checkpoint->root), "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
  EXPECT_EQ(FormatCheckpoint(*checkpoint), note->text);
  EXPECT_EQ(note->signatures[0].name, "example.com/behind-the-sofa");
  EXPECT_EQ(note->signatures[0].signature.size(), 64u);
}

TEST(SignedNoteTest, TextEndsAtTheLastBlankLine) {
  std::string message = "a\n\nb\n\n\xE2\x80\x94 k AAAAAAE=\n";
  auto note = ParseNote(message);
  ASSERT_TRUE(note.ok()) << note.status().ToString();
  EXPECT_EQ(note->text, "a\n\nb\n");
  EXPECT_EQ(note->signatures[0].key_id, 0u);
  EXPECT_EQ(note->signatures[0].signature, Bytes{1});
}

TEST(SignedNoteTest, RefusesMalformedNotes) {
  const std::string sig = "\xE2\x80\x94 k AAAAAAE=\n";
  for (const std::string& bad : std::vector<std::string>{
           std::string("text\n\n"),                          // no signature
           std::string("text\n") + sig,                      // no blank line
           "text\n\n" + sig.substr(0, sig.size() - 1),       // no final newline
           "text\n\n- k AAAAAAE=\n",                         // not an em dash
           "text\n\n\xE2\x80\x94 k+x AAAAAAE=\n",            // '+' in the name
           "text\n\n\xE2\x80\x94  AAAAAAE=\n",               // empty name
           "text\n\n\xE2\x80\x94 k AAAA\n",                  // signature too short
           "text\n\n\xE2\x80\x94 k AAAAAAE\n",               // bad base64
           "te\txt\n\n" + sig,                               // control character
           "te\xC3xt\n\n" + sig,                             // not UTF-8
           "text\n\n" + sig + "\n",                          // trailing blank line
       }) {
    EXPECT_FALSE(ParseNote(bad).ok()) << bad;
  }
  std::string many = "text\n\n";
  for (std::size_t i = 0; i <= kMaxSignatures; ++i) many += sig;
  EXPECT_FALSE(ParseNote(many).ok());
  std::string sixteen = "text\n\n";
  for (int i = 0; i < 16; ++i) sixteen += sig;
  EXPECT_TRUE(ParseNote(sixteen).ok());
}

TEST(SignedNoteTest, KeyNames) {
  EXPECT_TRUE(IsValidKeyName("example.com/log42"));
  EXPECT_TRUE(IsValidKeyName("quasimodo.example/salvatore"));
  EXPECT_FALSE(IsValidKeyName(""));
  EXPECT_FALSE(IsValidKeyName("a b"));
  EXPECT_FALSE(IsValidKeyName("a+b"));
  EXPECT_FALSE(IsValidKeyName("a\xC2\xA0" "b"));  // no-break space
}

TEST(SignedNoteTest, RefusesMalformedCheckpoints) {
  std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  EXPECT_TRUE(ParseCheckpoint("o\n0\n" + root + "\n").ok());
  EXPECT_TRUE(ParseCheckpoint("o\n5\n" + root + "\next\n").ok());
  for (const std::string& bad : std::vector<std::string>{
           "o\n5\n" + root,                 // no final newline
           "o\n05\n" + root + "\n",         // leading zero
           "o\n-5\n" + root + "\n",         // sign
           "o\n+5\n" + root + "\n",
           "o\n5x\n" + root + "\n",
           "o\n18446744073709551616\n" + root + "\n",  // above 2^64-1
           "o\n5\nAAAA\n",                  // short root
           "\n5\n" + root + "\n",           // empty origin
           "o\n5\n" + root + "\n\n",        // empty extension line
           std::string("o\n5\n"),
       }) {
    EXPECT_FALSE(ParseCheckpoint(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace sovhub::note
