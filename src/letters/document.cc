// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/document.h"

#include <algorithm>
#include <sstream>

namespace sovhub::letters {
namespace {

// Code points in a UTF-8 string: the bytes that do not continue a sequence.
int Width(const std::string& text) {
  int n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) lines.push_back(line);
  if (lines.empty()) lines.emplace_back();
  return lines;
}

}  // namespace

std::vector<std::string> WrapText(const std::string& text, int width) {
  std::vector<std::string> out;
  for (const std::string& source_line : SplitLines(text)) {
    std::istringstream words(source_line);
    std::string word, line;
    int line_width = 0;
    while (words >> word) {
      const int w = Width(word);
      if (!line.empty() && line_width + 1 + w > width) {
        out.push_back(line);
        line.clear();
        line_width = 0;
      }
      if (!line.empty()) {
        line += ' ';
        ++line_width;
      }
      line += word;
      line_width += w;
    }
    out.push_back(line);
  }
  return out;
}

std::string RenderText(const Document& document, int width) {
  const int half = width / 2;
  std::string out;
  auto emit = [&](const std::vector<std::string>& lines, int indent) {
    for (const std::string& line : lines) {
      if (!line.empty()) out += std::string(indent, ' ') + line;
      out += '\n';
    }
  };
  for (std::size_t i = 0; i < document.blocks.size(); ++i) {
    const Block& block = document.blocks[i];
    switch (block.style) {
      case BlockStyle::kAddressee:
      case BlockStyle::kSignature:
        emit(WrapText(block.text, width - half), half);
        break;
      case BlockStyle::kDateLine: {
        const int w = Width(block.text);
        emit({block.text}, w < width ? width - w : 0);
        break;
      }
      case BlockStyle::kTitle:
        emit(WrapText(block.text, width), 0);
        out += std::string(std::min(Width(block.text), width), '=') + "\n";
        break;
      case BlockStyle::kHeading:
        emit(WrapText(block.text, width), 0);
        out += std::string(std::min(Width(block.text), width), '-') + "\n";
        break;
      case BlockStyle::kSubheading:
        emit(WrapText(block.text, width), 0);
        out += std::string(std::min(Width(block.text), width), '.') + "\n";
        break;
      case BlockStyle::kBullet: {
        std::vector<std::string> lines = WrapText(block.text, width - 2);
        for (std::size_t j = 0; j < lines.size(); ++j) out += (j == 0 ? "- " : "  ") + lines[j] + "\n";
        break;
      }
      default:
        emit(WrapText(block.text, width), 0);
        break;
    }
    // Consecutive bullets form one list; every other block is followed by a
    // blank line.
    const bool next_is_bullet = i + 1 < document.blocks.size() &&
                                document.blocks[i + 1].style == BlockStyle::kBullet;
    if (!(block.style == BlockStyle::kBullet && next_is_bullet)) out += '\n';
  }
  return out;
}

}  // namespace sovhub::letters
