// SPDX-License-Identifier: AGPL-3.0-or-later
//
// A Document as an A4 PDF, laid out with Pango and drawn with Cairo: DejaVu
// fonts (any UTF-8 text, accents included), word wrapping, justified body
// text, page breaks between lines, "page n/N" at the foot of each page.
#ifndef SOVHUB_LETTERS_PDF_H_
#define SOVHUB_LETTERS_PDF_H_

#include <string>

#include "core/status.h"
#include "letters/document.h"

namespace sovhub::letters {

// The PDF file's bytes. Internal when Cairo reports an error.
Result<std::string> RenderPdf(const Document& document);

}  // namespace sovhub::letters

#endif  // SOVHUB_LETTERS_PDF_H_
