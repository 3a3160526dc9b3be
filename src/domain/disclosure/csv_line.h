// SPDX-License-Identifier: AGPL-3.0-or-later
//
// The small CSV reading the disclosure inputs need (RFC 4180 fields: commas,
// double quotes, "" inside quotes); no quoted line breaks.
#ifndef SOVHUB_DOMAIN_DISCLOSURE_CSV_LINE_H_
#define SOVHUB_DOMAIN_DISCLOSURE_CSV_LINE_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sovhub::disclosure {

// The lines of `text` without their "\n" or "\r\n"; a final empty line is dropped.
std::vector<std::string_view> SplitLines(std::string_view text);

// The fields of one line; InvalidArgument on an unterminated quote.
Result<std::vector<std::string>> SplitCsvLine(std::string_view line);

// `field` quoted when it holds a comma, a quote or a line break.
std::string CsvField(std::string_view field);

}  // namespace sovhub::disclosure

#endif  // SOVHUB_DOMAIN_DISCLOSURE_CSV_LINE_H_
