"""The analyses on paper: the month end carries the line-loss table and
trend chart, the suspicious list exports with its reasons."""

import io

from openpyxl import load_workbook

from receipts.export import sheet_csv, sheet_xlsx
from receipts.sheet_pdf import sheet_pdf
from tests.analyses.test_suspicious import AS_OF
from tests.planted_office import plant
from tests.receipts.conftest import inked, pdf_text, poppler, render_png  # noqa: F401
from vending_app.core.analysis_sheets import suspects_sheet


def test_month_end_carries_line_loss_and_its_trend(office, tmp_path, poppler):  # noqa: F811
    plant(office.core, AS_OF)
    sheet = office.core.documents.month_end(office.finance, 2026, 9)
    (loss,) = sheet.appendix
    assert [r["team"] for r in loss.sections[0].rows] == ["T1", "T2"]
    assert [label for label, _ in loss.chart.series] == ["T1", "T2"]
    assert len(loss.chart.labels) == 12 and loss.chart.labels[-1] == "2026-09"
    text = pdf_text(sheet_pdf(sheet), tmp_path)
    assert "总表/分表线损分析" in text and "Line loss % by month" in text
    t2 = next(line for line in text.splitlines() if line.strip().startswith("T2"))
    assert "2026-09" in t2
    pages = render_png(sheet_pdf(sheet), tmp_path)
    assert inked(pages[-1]) > 0.01  # the chart page is drawn
    book = load_workbook(io.BytesIO(sheet_xlsx(sheet)))
    assert book.sheetnames == ["month_end", "line_loss"]
    assert "Master meter vs sub-meters" in sheet_csv(sheet)


def test_suspicious_list_exports_with_reasons(office):
    plant(office.core, AS_OF)
    found = office.core.analyses.suspicious(office.clerk, as_of=AS_OF)
    sheet = suspects_sheet(found, AS_OF, "Office", "")
    csv_text = sheet_csv(sheet)
    assert "failed authentication" in csv_text and "no purchase for" in csv_text
    assert csv_text.count("\n") >= len(found) + 3
