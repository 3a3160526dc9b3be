// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace sovhub::letters {
namespace {

// A4 in PostScript points (1/72 inch): 210 × 297 mm.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kMm = 72.0 / 25.4;
constexpr double kLeft = 25 * kMm;
constexpr double kRight = kPageWidth - 20 * kMm;
constexpr double kTop = 20 * kMm;
constexpr double kBottom = kPageHeight - 22 * kMm;  // the footer sits below
// French window envelopes (DL, window on the right): the addressee block
// starts 110 mm from the left edge, no higher than 45 mm from the top.
constexpr double kAddresseeLeft = 110 * kMm;
constexpr double kAddresseeTop = 45 * kMm;
// A heading closer than this to the bottom moves to the next page with its text.
constexpr double kKeepWithNext = 40;

struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectDeleter {
  void operator()(void* o) const { g_object_unref(o); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

const char* FontFor(BlockStyle style) {
  switch (style) {
    case BlockStyle::kSubject:
    case BlockStyle::kHeading: return "DejaVu Serif Bold 10.5";
    case BlockStyle::kTitle: return "DejaVu Sans Bold 14";
    case BlockStyle::kSubheading: return "DejaVu Sans Bold 9.5";
    case BlockStyle::kSmall: return "DejaVu Sans 7.5";
    default: return "DejaVu Serif 10.5";
  }
}

// Space above a block, in points.
double SpaceBefore(BlockStyle style, BlockStyle previous) {
  if (style == BlockStyle::kBullet && previous == BlockStyle::kBullet) return 2;
  switch (style) {
    case BlockStyle::kHeading: return 14;
    case BlockStyle::kSubheading: return 10;
    case BlockStyle::kSubject:
    case BlockStyle::kSignature:
    case BlockStyle::kSmall: return 18;
    default: return 8;
  }
}

// Lines break only at spaces: never inside "R. 1461-9", "78-17", a file
// name or an e-mail address, which a reader (and pdftotext, which joins a
// word split at a line-end hyphen) must see whole. A run longer than this
// may still break, rather than overflow the margin.
constexpr std::size_t kUnbreakableRun = 60;

void KeepWordsWhole(PangoLayout* layout, const std::string& text) {
  PangoAttrList* attributes = pango_attr_list_new();
  std::size_t start = 0;
  while (start < text.size()) {
    while (start < text.size() && (text[start] == ' ' || text[start] == '\n')) ++start;
    std::size_t end = start;
    while (end < text.size() && text[end] != ' ' && text[end] != '\n') ++end;
    if (end > start && end - start <= kUnbreakableRun) {
      PangoAttribute* no_breaks = pango_attr_allow_breaks_new(FALSE);
      no_breaks->start_index = static_cast<guint>(start);
      no_breaks->end_index = static_cast<guint>(end);
      pango_attr_list_insert(attributes, no_breaks);  // the list owns it
    }
    start = end;
  }
  pango_layout_set_attributes(layout, attributes);
  pango_attr_list_unref(attributes);
}

// One laid-out line, placed on a page.
struct PlacedLine {
  PangoLayoutLine* line;  // owned by its layout
  int page;
  double x;         // the line's origin (left of its logical box)
  double baseline;  // y of the baseline on its page
};

}  // namespace

Result<std::string> RenderPdf(const Document& document) {
  std::string bytes;
  std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter> surface(
      cairo_pdf_surface_create_for_stream(&AppendToString, &bytes, kPageWidth, kPageHeight));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, document.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "sovhub");
  std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(surface.get()));

  // Pass 1: lay out every block and place its lines on pages, so that the
  // footer can say "n/N".
  std::vector<LayoutPtr> layouts;
  std::vector<PlacedLine> placed;
  int page = 0;
  double y = kTop;
  BlockStyle previous = BlockStyle::kSender;
  for (std::size_t b = 0; b < document.blocks.size(); ++b) {
    const Block& block = document.blocks[b];
    double left = kLeft;
    double width = kRight - kLeft;
    if (block.style == BlockStyle::kAddressee || block.style == BlockStyle::kSignature) {
      left = kAddresseeLeft;
      width = kRight - kAddresseeLeft;
    } else if (block.style == BlockStyle::kBullet) {
      left = kLeft + 14;
      width = kRight - left;
    }
    if (b > 0) y += SpaceBefore(block.style, previous);
    if (block.style == BlockStyle::kAddressee && page == 0) y = std::max(y, kAddresseeTop);
    if ((block.style == BlockStyle::kHeading || block.style == BlockStyle::kSubheading ||
         block.style == BlockStyle::kSubject) &&
        y + kKeepWithNext > kBottom) {
      ++page;
      y = kTop;
    }
    previous = block.style;

    LayoutPtr layout(pango_cairo_create_layout(cr.get()));
    std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_from_string(FontFor(block.style)));
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    if (block.style == BlockStyle::kParagraph) pango_layout_set_justify(layout.get(), TRUE);
    if (block.style == BlockStyle::kDateLine) pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT);
    const std::string text = block.style == BlockStyle::kBullet ? "•\u00A0" + block.text : block.text;
    pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
    KeepWordsWhole(layout.get(), text);
    if (block.style == BlockStyle::kBullet) {
      // Hanging indent: the bullet sticks out, wrapped lines align with the text.
      PangoRectangle bullet;
      // The copy must not keep the block's attributes: their byte ranges
      // reach past the probe's short text, and Pango would read beyond it.
      PangoLayout* probe = pango_layout_copy(layout.get());
      pango_layout_set_attributes(probe, nullptr);
      pango_layout_set_text(probe, "•\u00A0", -1);
      pango_layout_get_extents(probe, nullptr, &bullet);
      g_object_unref(probe);
      pango_layout_set_indent(layout.get(), -bullet.width);
    }

    PangoLayoutIter* iter = pango_layout_get_iter(layout.get());
    double block_top = y;  // page y of the layout's top
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      const double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
      const double line_bottom = line_top + static_cast<double>(logical.height) / PANGO_SCALE;
      if (block_top + line_bottom > kBottom) {
        ++page;
        block_top = kTop - line_top;
      }
      const double baseline = block_top + static_cast<double>(pango_layout_iter_get_baseline(iter)) / PANGO_SCALE;
      placed.push_back({pango_layout_iter_get_line_readonly(iter), page,
                        left + static_cast<double>(logical.x) / PANGO_SCALE, baseline});
      y = block_top + line_bottom;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    layouts.push_back(std::move(layout));
  }
  const int pages = page + 1;

  // Pass 2: draw, page by page, with the footer.
  std::unique_ptr<PangoFontDescription, FontDeleter> footer_font(pango_font_description_from_string("DejaVu Sans 8"));
  std::size_t next = 0;
  for (int p = 0; p < pages; ++p) {
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
    for (; next < placed.size() && placed[next].page == p; ++next) {
      cairo_move_to(cr.get(), placed[next].x, placed[next].baseline);
      pango_cairo_show_layout_line(cr.get(), placed[next].line);
    }
    if (pages > 1) {
      LayoutPtr footer(pango_cairo_create_layout(cr.get()));
      pango_layout_set_font_description(footer.get(), footer_font.get());
      pango_layout_set_width(footer.get(), static_cast<int>((kRight - kLeft) * PANGO_SCALE));
      pango_layout_set_alignment(footer.get(), PANGO_ALIGN_CENTER);
      const std::string label = std::to_string(p + 1) + "/" + std::to_string(pages);
      pango_layout_set_text(footer.get(), label.c_str(), -1);
      cairo_move_to(cr.get(), kLeft, kPageHeight - 14 * kMm);
      pango_cairo_show_layout(cr.get(), footer.get());
    }
    cairo_show_page(cr.get());
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    return Status::Internal(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
  }
  return bytes;
}

}  // namespace sovhub::letters
