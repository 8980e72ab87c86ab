"""Checks phu-luc.xlsx (the decision's annexes made by egov-etl) with openpyxl: sheet names, the
two-row merged header, number formats of the scores, print titles, A4 landscape fitted to the
page's width, the eight district headings of Phụ lục II and STT restarting under each.

Usage: python3 check_annex.py output/2020/phu-luc.xlsx
"""

import sys

import openpyxl


def check_sheet(ws, title):
    merged = {str(r) for r in ws.merged_cells.ranges}
    for cells in ("A1:F1", "A2:F2", "A3:F3", "A5:A6", "B5:B6", "C5:D5", "E5:F5"):
        assert cells in merged, f"{title}: {cells} not merged ({sorted(merged)})"
    assert ws["A5"].value == "STT", ws["A5"].value
    assert ws["B5"].value == "Cơ quan, đơn vị", ws["B5"].value
    assert ws["C5"].value == "MỨC ĐỘ ĐẠT ĐƯỢC", ws["C5"].value
    assert ws["E5"].value == "ĐIỀU KIỆN SẴN SÀNG", ws["E5"].value
    assert [ws.cell(6, c).value for c in range(3, 7)] == ["Tổng điểm", "Kết quả"] * 2
    assert ws["A5"].font.b and ws["A5"].border.left.style == "thin"
    assert ws.print_title_rows == "$5:$6", ws.print_title_rows
    assert ws.page_setup.orientation == "landscape", ws.page_setup.orientation
    assert str(ws.page_setup.paperSize) == "9", ws.page_setup.paperSize  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (1, "1", None), ws.page_setup.fitToWidth
    assert str(ws.page_setup.fitToHeight) == "0", ws.page_setup.fitToHeight
    assert ws.column_dimensions["B"].width >= 30
    scores = [
        ws.cell(r, c)
        for r in range(7, ws.max_row + 1)
        for c in (3, 5)
        if isinstance(ws.cell(r, c).value, (int, float))
    ]
    assert scores, f"{title}: no score"
    for cell in scores:
        assert cell.number_format == "0.00", (cell.coordinate, cell.number_format)
        assert cell.border.left.style == "thin", cell.coordinate


def main(path):
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Phụ lục I", "Phụ lục II"], wb.sheetnames
    for title in wb.sheetnames:
        check_sheet(wb[title], title)
    one = wb["Phụ lục I"]
    assert [one.cell(r, 1).value for r in range(7, 15)] == list(range(1, 9))
    assert one["B7"].value.startswith("UBND ")
    two = wb["Phụ lục II"]
    headings, stt = [], []
    for r in range(7, two.max_row + 1):
        a, b = two.cell(r, 1).value, two.cell(r, 2).value
        if b is None:
            headings.append(a)
            assert f"A{r}:F{r}" in {str(m) for m in two.merged_cells.ranges}, r
            stt.append([])
        else:
            stt[-1].append(a)
    assert len(headings) == 8, headings
    assert headings[0] == "I. HUYỆN CAM LÂM" and headings[7] == "VIII. THỊ XÃ NINH HÒA", headings
    for group in stt:
        assert group == list(range(1, len(group) + 1)), group
    assert sum(len(g) for g in stt) == 136
    print(f"ok: {path}")


if __name__ == "__main__":
    main(sys.argv[1])
