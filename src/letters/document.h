// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A letter or a dossier as a sequence of styled blocks, independent of the
// output: plain text (here) and PDF (pdf.h) render the same Document, so the
// two never disagree on the words.
#ifndef SOVHUB_LETTERS_DOCUMENT_H_
#define SOVHUB_LETTERS_DOCUMENT_H_

#include <string>
#include <utility>
#include <vector>

namespace sovhub::letters {

enum class BlockStyle {
  kSender,     // the sender's identity and address, top left
  kAddressee,  // the addressee's block, right half of the page
  kDateLine,   // "Paris, le 2 mars 2026", right-aligned
  kSubject,    // "Objet : ...", bold
  kTitle,      // a dossier's title, bold and larger
  kHeading,    // a section heading, bold
  kSubheading, // a heading inside a section (a table's name in a dossier), bold, smaller
  kParagraph,  // body text, justified in the PDF
  kBullet,     // one item of a list
  kSignature,  // the closing name, right half
  kSmall,      // footnotes: the "generated with" line, references
};

struct Block {
  BlockStyle style = BlockStyle::kParagraph;
  std::string text;  // UTF-8; '\n' separates lines inside sender and addressee blocks
};

struct Document {
  std::string title;  // the PDF's metadata title
  std::vector<Block> blocks;

  Document& Add(BlockStyle style, std::string text) {
    blocks.push_back(Block{style, std::move(text)});
    return *this;
  }
};

// Plain UTF-8 text, lines wrapped at `width` characters (code points) on
// spaces; the addressee and signature blocks are indented to the right half.
std::string RenderText(const Document& document, int width = 76);

// Wraps one paragraph at `width` code points; a word longer than the line is
// kept whole on its own line. Existing '\n' are kept.
std::vector<std::string> WrapText(const std::string& text, int width);

}  // namespace sovhub::letters

#endif  // SOVHUB_LETTERS_DOCUMENT_H_
