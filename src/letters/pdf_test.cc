// SPDX-License-Identifier: AGPL-3.0-or-later
#include "letters/pdf.h"

#include <gtest/gtest.h>

namespace sovhub::letters {
namespace {

// Page objects: "/Type /Page" not followed by "s" (that is the page tree).
int CountPages(const std::string& pdf) {
  int pages = 0;
  const std::string marker = "/Type /Page";
  for (std::size_t at = pdf.find(marker); at != std::string::npos; at = pdf.find(marker, at + 1)) {
    if (at + marker.size() < pdf.size() && pdf[at + marker.size()] != 's') ++pages;
  }
  return pages;
}

TEST(PdfTest, RendersAnA4Pdf) {
  Document doc;
  doc.title = "Objet : essai";
  doc.Add(BlockStyle::kSender, "Camille Martin\n12 rue des Lilas").Add(BlockStyle::kAddressee, "CNIL\nParis");
  doc.Add(BlockStyle::kParagraph, "Réclamation: é è à ç œ « guillemets » — tiret.");
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_EQ(CountPages(*pdf), 1);
  EXPECT_NE(pdf->find("595.27"), std::string::npos) << "A4 media box";
}

TEST(PdfTest, LongDocumentsBreakIntoPages) {
  Document doc;
  doc.title = "long";
  for (int i = 0; i < 60; ++i) {
    doc.Add(BlockStyle::kParagraph,
            "Paragraphe " + std::to_string(i) + " : une phrase assez longue pour occuper plus d'une ligne de texte "
            "sur une page A4, avec des accents à la française et quelques mots de plus.");
  }
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok());
  EXPECT_GE(CountPages(*pdf), 3);
}

// Dossiers (the access export) put a subheading over each table's rows.
TEST(PdfTest, SubheadingsRenderInTextAndPdf) {
  Document doc;
  doc.title = "dossier";
  doc.Add(BlockStyle::kHeading, "Données détenues / Data held")
      .Add(BlockStyle::kSubheading, "drug_exposure (2)")
      .Add(BlockStyle::kBullet, "drug_source_value: 3400930000001");
  EXPECT_NE(RenderText(doc).find("drug_exposure (2)\n.................\n"), std::string::npos) << RenderText(doc);
  auto pdf = RenderPdf(doc);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(CountPages(*pdf), 1);
}

}  // namespace
}  // namespace sovhub::letters
