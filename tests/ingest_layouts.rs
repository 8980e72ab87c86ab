mod util;

// The layout families of /work/shared/spec/submissions.md, each built in the test and read with
// `ingest::read_file`: tables, header rows, column roles, data rows with their raw values,
// headings in force and the accounting of every row read. Then a few of them end to end through
// the binary, and the same content as .xlsx, .ods and .xls.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use egov_etl::core::Dimension;
use egov_etl::finding::{Code, Finding};
use egov_etl::ingest::{DataRow, Field, PassReason, RawValue, Role, Table, Workbook};
use util::{C, Project, Sheet, n, read_csv, repo, row, s, write_xlsx};

// ---------------------------------------------------------------------------------------------
// Helpers

fn ach(f: Field) -> Role {
    Role::Dim(Dimension::Achieved, f)
}

fn rdy(f: Field) -> Role {
    Role::Dim(Dimension::Readiness, f)
}

/// Reads a workbook as the pipeline does, and checks that every row read is accounted for.
fn read(path: &Path) -> (Workbook, Vec<Finding>) {
    let (wb, findings) = util::read_workbook(path);
    assert!(!wb.rejected, "file rejected: {findings:#?}");
    check_balance(&wb);
    (wb, findings)
}

/// Writes `sheets` as book.xlsx in a fresh folder and reads it.
fn build(sheets: &[Sheet]) -> (tempfile::TempDir, Workbook, Vec<Finding>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("book.xlsx");
    write_xlsx(&path, sheets);
    let (wb, findings) = read(&path);
    (dir, wb, findings)
}

/// Rows read = data rows + rows passed over, for the workbook and for each sheet.
fn check_balance(wb: &Workbook) {
    let data: u64 = wb.tables.iter().map(|t| t.rows.len() as u64).sum();
    assert_eq!(
        wb.rows_read,
        data + wb.rows_passed,
        "rows read = data rows + rows passed"
    );
    for sh in &wb.sheets {
        let data: u64 = wb
            .tables
            .iter()
            .filter(|t| *t.sheet == *sh.name)
            .map(|t| t.rows.len() as u64)
            .sum();
        let passed: u64 = sh.passed.iter().map(|(_, n)| n).sum();
        assert_eq!(
            sh.rows as u64,
            data + passed,
            "sheet {}: rows = data + passed",
            sh.name
        );
        assert_eq!(
            sh.tables,
            wb.tables.iter().filter(|t| *t.sheet == *sh.name).count(),
            "sheet {}: table count",
            sh.name
        );
    }
}

fn roles(t: &Table) -> Vec<(u32, Role)> {
    t.columns.iter().map(|c| (c.col, c.role)).collect()
}

fn row_numbers(t: &Table) -> Vec<u32> {
    t.rows.iter().map(|r| r.row).collect()
}

/// The rows passed over on a sheet, by reason (reasons with no row left out).
fn passed(wb: &Workbook, sheet: &str) -> Vec<(PassReason, u64)> {
    wb.sheets
        .iter()
        .find(|s| s.name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"))
        .passed
        .iter()
        .copied()
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Raw values as `util::row` writes them: "" empty, a parseable number (without comma or leading
/// "'") a number, anything else text.
fn raws(cells: &[&str]) -> Vec<RawValue> {
    cells
        .iter()
        .map(|c| {
            if c.is_empty() {
                RawValue::Empty
            } else if let Some(t) = c.strip_prefix('\'') {
                RawValue::Text(t.into())
            } else if let Ok(x) = c.parse::<f64>() {
                RawValue::Number(x)
            } else {
                RawValue::Text((*c).into())
            }
        })
        .collect()
}

/// A data row's values in column order.
fn values(r: &DataRow) -> Vec<RawValue> {
    r.cells().map(|(_, c)| c.value.clone()).collect()
}

/// Every data row's values, in order.
fn all_values(t: &Table) -> Vec<Vec<RawValue>> {
    t.rows.iter().map(values).collect()
}

fn heading_of(r: &DataRow) -> Option<&str> {
    r.heading.as_ref().map(|h| h.text.as_str())
}

/// The cells of a data row sit on its own row, in the columns of their roles.
fn check_cells_placed(t: &Table) {
    for r in &t.rows {
        assert_eq!(r.cells().count(), t.columns.len());
        for ((role, cell), col) in r.cells().zip(&t.columns) {
            assert_eq!(role, col.role);
            assert_eq!(cell.cell.row, r.row);
            assert_eq!(cell.cell.col, col.col);
        }
    }
}

fn txt(t: &str) -> RawValue {
    RawValue::Text(t.into())
}

fn num(x: f64) -> RawValue {
    RawValue::Number(x)
}

// ---------------------------------------------------------------------------------------------
// Layout families

#[test]
fn single_row_header() {
    let (_d, wb, findings) = build(&[Sheet::new(
        "KQ 2020",
        vec![
            row(&["BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
            row(&[]),
            row(&[
                "STT",
                "Tên đơn vị",
                "Điểm mức độ đạt được",
                "Xếp hạng mức độ đạt được",
                "Điểm điều kiện sẵn sàng",
                "Xếp hạng điều kiện sẵn sàng",
            ]),
            row(&["1", "Thị trấn Cam Đức", "50.5", "II", "27", "I"]),
            row(&["2", "Xã Cam Hòa", "45.25", "III", "24.5", "II"]),
            row(&["3", "Xã Cam Tân", "20", "KXH", "15", "Không xếp hạng"]),
        ],
    )]);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(wb.tables.len(), 1);
    let t = &wb.tables[0];
    assert_eq!(&*t.sheet, "KQ 2020");
    assert!(!t.hidden);
    assert_eq!(t.header_rows, vec![3]);
    assert_eq!(
        roles(t),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score)),
            (4, ach(Field::Level)),
            (5, rdy(Field::Score)),
            (6, rdy(Field::Level)),
        ]
    );
    assert_eq!(t.columns[2].label, "Điểm mức độ đạt được");
    assert_eq!(
        t.dimensions(),
        vec![Dimension::Achieved, Dimension::Readiness]
    );
    assert_eq!(row_numbers(t), vec![4, 5, 6]);
    check_cells_placed(t);
    assert_eq!(
        all_values(t),
        vec![
            raws(&["1", "Thị trấn Cam Đức", "50.5", "II", "27", "I"]),
            raws(&["2", "Xã Cam Hòa", "45.25", "III", "24.5", "II"]),
            raws(&["3", "Xã Cam Tân", "20", "KXH", "15", "Không xếp hạng"]),
        ]
    );
    assert!(t.rows.iter().all(|r| r.heading.is_none()));
    // Every non-empty cell is kept raw for the rejects.
    assert_eq!(t.rows[1].raw.len(), 6);
    assert_eq!(t.rows[1].raw[1].value, txt("Xã Cam Hòa"));
    assert_eq!(
        passed(&wb, "KQ 2020"),
        vec![
            (PassReason::Title, 1),
            (PassReason::Header, 1),
            (PassReason::Blank, 1)
        ]
    );
    assert_eq!(wb.rows_read, 6);
    assert_eq!(wb.rows_passed, 3);
    assert_eq!(wb.sheets[0].rows, 6);
    assert_eq!(wb.sheets[0].tables, 1);
    assert!(wb.title_district.is_none());
}

/// The Cam Lâm shape: committee title, two-row header with merged groups, the district row
/// without STT, a sub-heading, scores as text with a decimal comma, then notes, a date line and
/// signatures whose text falls under the score columns.
fn cam_lam_sheet() -> Sheet {
    Sheet::new(
        "Tong hop",
        vec![
            row(&[
                "ỦY BAN NHÂN DÂN HUYỆN CAM LÂM",
                "",
                "",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ]),
            row(&["", "", "", "Độc lập - Tự do - Hạnh phúc"]),
            row(&["BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
            row(&[]),
            row(&[
                "STT",
                "Tên đơn vị",
                "MỨC ĐỘ ĐẠT ĐƯỢC",
                "",
                "ĐIỀU KIỆN SẴN SÀNG",
                "",
            ]),
            row(&["", "", "Tổng\nđiểm", "Kết quả", "Tổng\nđiểm", "Kết quả"]),
            row(&["", "UBND huyện Cam Lâm", "88,50", "II", "45,20", "I"]),
            row(&["", "Các xã, thị trấn"]),
            row(&[
                "1",
                "Thị trấn Cam Đức",
                "22,20",
                "Không xếp hạng",
                "25",
                "II",
            ]),
            row(&["2", "Xã Cam Hòa", "50,10", "II", "27,7", "I"]),
            row(&["3", "Xã Cam Tân", "54,5", "I", "24,00", "II"]),
            row(&[]),
            row(&[
                "Ghi chú: Điểm tối đa cấp xã: 60 điểm mức độ đạt được, 30 điểm điều kiện sẵn sàng.",
            ]),
            row(&["", "", "", "", "Cam Lâm, ngày 15 tháng 01 năm 2021"]),
            row(&["", "Người lập biểu", "", "", "KT. CHỦ TỊCH"]),
            row(&["", "", "", "", "PHÓ CHỦ TỊCH"]),
            row(&["", "Nguyễn Văn An", "", "", "Trần Thị Bình"]),
            row(&["Nơi nhận:"]),
            row(&["- Sở TT&TT;"]),
        ],
    )
    .merge(4, 0, 5, 0)
    .merge(4, 1, 5, 1)
    .merge(4, 2, 4, 3)
    .merge(4, 4, 4, 5)
}

#[test]
fn two_row_header_with_merged_groups_titles_and_signatures() {
    let (_d, wb, findings) = build(&[cam_lam_sheet()]);
    assert!(findings.is_empty(), "{findings:#?}");
    let title = wb.title_district.as_ref().expect("title district");
    assert_eq!(title.text, "ỦY BAN NHÂN DÂN HUYỆN CAM LÂM");
    assert_eq!((title.cell.row, title.cell.col), (1, 1));
    assert_eq!(wb.title_sheet.as_deref(), Some("Tong hop"));
    assert_eq!(wb.tables.len(), 1);
    let t = &wb.tables[0];
    assert_eq!(t.header_rows, vec![5, 6]);
    assert_eq!(
        roles(t),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score)),
            (4, ach(Field::Level)),
            (5, rdy(Field::Score)),
            (6, rdy(Field::Level)),
        ]
    );
    assert_eq!(t.columns[2].label, "MỨC ĐỘ ĐẠT ĐƯỢC / Tổng điểm");
    assert_eq!(t.columns[3].label, "Kết quả");
    // The district row (no STT) and the communes; the sub-heading, notes, the date line and the
    // signatures are not data.
    assert_eq!(row_numbers(t), vec![7, 9, 10, 11]);
    check_cells_placed(t);
    assert_eq!(
        all_values(t),
        vec![
            raws(&["", "UBND huyện Cam Lâm", "88,50", "II", "45,20", "I"]),
            raws(&[
                "1",
                "Thị trấn Cam Đức",
                "22,20",
                "Không xếp hạng",
                "25",
                "II"
            ]),
            raws(&["2", "Xã Cam Hòa", "50,10", "II", "27,7", "I"]),
            raws(&["3", "Xã Cam Tân", "54,5", "I", "24,00", "II"]),
        ]
    );
    assert!(t.rows.iter().all(|r| r.heading.is_none()));
    assert_eq!(
        passed(&wb, "Tong hop"),
        vec![
            (PassReason::Title, 3),
            (PassReason::Header, 2),
            (PassReason::Blank, 2),
            (PassReason::Note, 8),
        ]
    );
    assert_eq!(wb.rows_read, 19);
    assert_eq!(wb.rows_passed, 15);
}

#[test]
fn readiness_before_achieved() {
    let (_d, wb, findings) = build(&[
        // One-row header in upper case, no level columns (the Diên Khánh shape).
        Sheet::new(
            "Sheet1",
            vec![
                row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ HUYỆN DIÊN KHÁNH NĂM 2020"]),
                row(&[
                    "TT",
                    "ĐƠN VỊ",
                    "ĐIỂM ĐIỀU KIỆN SẴN SÀNG",
                    "ĐIỂM MỨC ĐỘ ĐẠT ĐƯỢC",
                ]),
                row(&["", "Huyện Diên Khánh", "44.5", "86.25"]),
                row(&["1", "Thị trấn Diên Khánh", "26", "52.4"]),
                row(&["2", "Xã Diên An", "23.75", "48"]),
            ],
        ),
        // Two-row header, readiness group first, levels as "Xếp hạng".
        Sheet::new(
            "Sheet2",
            vec![
                row(&[
                    "STT",
                    "Tên đơn vị",
                    "ĐIỀU KIỆN SẴN SÀNG",
                    "",
                    "MỨC ĐỘ ĐẠT ĐƯỢC",
                    "",
                ]),
                row(&["", "", "Tổng điểm", "Xếp hạng", "Tổng điểm", "Xếp hạng"]),
                row(&["1", "Xã Diên Lâm", "27,5", "I", "55", "I"]),
                row(&["2", "Xã Diên Điền", "21", "IV", "44", "III"]),
            ],
        )
        .merge(0, 0, 1, 0)
        .merge(0, 1, 1, 1)
        .merge(0, 2, 0, 3)
        .merge(0, 4, 0, 5),
    ]);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(wb.tables.len(), 2);

    let t = &wb.tables[0];
    assert_eq!(&*t.sheet, "Sheet1");
    assert_eq!(t.header_rows, vec![2]);
    assert_eq!(
        roles(t),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, rdy(Field::Score)),
            (4, ach(Field::Score)),
        ]
    );
    assert_eq!(row_numbers(t), vec![3, 4, 5]);
    check_cells_placed(t);
    assert_eq!(
        all_values(t),
        vec![
            raws(&["", "Huyện Diên Khánh", "44.5", "86.25"]),
            raws(&["1", "Thị trấn Diên Khánh", "26", "52.4"]),
            raws(&["2", "Xã Diên An", "23.75", "48"]),
        ]
    );
    assert_eq!(
        passed(&wb, "Sheet1"),
        vec![(PassReason::Title, 1), (PassReason::Header, 1)]
    );

    let t = &wb.tables[1];
    assert_eq!(&*t.sheet, "Sheet2");
    assert_eq!(t.header_rows, vec![1, 2]);
    assert_eq!(
        roles(t),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, rdy(Field::Score)),
            (4, rdy(Field::Level)),
            (5, ach(Field::Score)),
            (6, ach(Field::Level)),
        ]
    );
    assert_eq!(row_numbers(t), vec![3, 4]);
    check_cells_placed(t);
    assert_eq!(
        all_values(t),
        vec![
            raws(&["1", "Xã Diên Lâm", "27,5", "I", "55", "I"]),
            raws(&["2", "Xã Diên Điền", "21", "IV", "44", "III"]),
        ]
    );
    assert_eq!(passed(&wb, "Sheet2"), vec![(PassReason::Header, 2)]);
    assert_eq!(wb.rows_read, 9);
}

/// The Khánh Sơn shape: one table per dimension, named only by the title line above it, each in
/// its own order.
fn khanh_son_sheet() -> Sheet {
    Sheet::new(
        "Ket qua",
        vec![
            row(&["KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
            row(&["1. Mức độ đạt được"]),
            row(&["STT", "Tên đơn vị", "Điểm", "Xếp hạng"]),
            row(&["", "Huyện Khánh Sơn", "87.19", "Mức II"]),
            row(&["1", "Xã Sơn Bình", "52", "Mức II"]),
            row(&["2", "Thị trấn Tô Hạp", "45", "Mức III"]),
            row(&[]),
            row(&[]),
            row(&["2. Điều kiện sẵn sàng"]),
            row(&["STT", "Tên đơn vị", "Điểm", "Xếp hạng"]),
            row(&["", "Huyện Khánh Sơn", "46", "Mức I"]),
            row(&["1", "Thị trấn Tô Hạp", "28", "Mức I"]),
            row(&["2", "Xã Sơn Bình", "25", "Mức II"]),
        ],
    )
}

#[test]
fn one_table_per_dimension_named_by_the_title_above() {
    let (_d, wb, findings) = build(&[khanh_son_sheet()]);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(wb.tables.len(), 2);
    let (a, r) = (&wb.tables[0], &wb.tables[1]);
    assert_eq!(a.header_rows, vec![3]);
    assert_eq!(r.header_rows, vec![10]);
    assert_eq!(
        roles(a),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score)),
            (4, ach(Field::Level)),
        ]
    );
    assert_eq!(
        roles(r),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, rdy(Field::Score)),
            (4, rdy(Field::Level)),
        ]
    );
    assert_eq!(row_numbers(a), vec![4, 5, 6]);
    assert_eq!(row_numbers(r), vec![11, 12, 13]);
    check_cells_placed(a);
    check_cells_placed(r);
    assert_eq!(
        all_values(a),
        vec![
            raws(&["", "Huyện Khánh Sơn", "87.19", "Mức II"]),
            raws(&["1", "Xã Sơn Bình", "52", "Mức II"]),
            raws(&["2", "Thị trấn Tô Hạp", "45", "Mức III"]),
        ]
    );
    // Same units, another order and other row numbers.
    assert_eq!(
        all_values(r),
        vec![
            raws(&["", "Huyện Khánh Sơn", "46", "Mức I"]),
            raws(&["1", "Thị trấn Tô Hạp", "28", "Mức I"]),
            raws(&["2", "Xã Sơn Bình", "25", "Mức II"]),
        ]
    );
    // "2. Điều kiện sẵn sàng" inside the first table is a heading naming no district.
    assert!(a.rows.iter().chain(&r.rows).all(|r| r.heading.is_none()));
    assert_eq!(
        passed(&wb, "Ket qua"),
        vec![
            (PassReason::Title, 2),
            (PassReason::Header, 2),
            (PassReason::Heading, 1),
            (PassReason::Blank, 2),
        ]
    );
    assert_eq!(wb.rows_read, 13);
}

#[test]
fn full_scoring_columns_under_merged_dimension_groups() {
    let sub = [
        "Điểm tối đa",
        "Điểm không áp dụng",
        "Điểm tối đa áp dụng",
        "Điểm đạt được",
        "Tỷ lệ (%)",
        "Điểm quy đổi",
        "Mức",
    ];
    let mut header2 = vec![C::E, C::E];
    header2.extend(sub.iter().chain(&sub).map(|t| s(t)));
    let unit = |stt: Option<f64>, name: &str, a: [f64; 6], al: &str, r: [f64; 6], rl: &str| {
        let mut v = vec![stt.map_or(C::E, C::N), s(name)];
        for (d, l) in [(a, al), (r, rl)] {
            v.extend([n(d[0]), n(d[1]), n(d[2]), n(d[3]), C::P(d[4])]);
            v.push(C::F(format!("={}*{}/{}", d[3], d[0], d[2]), d[5]));
            v.push(s(l));
        }
        v
    };
    let (_d, wb, findings) = build(&[Sheet::new(
        "Bieu 01",
        vec![
            row(&["BIỂU CHI TIẾT KẾT QUẢ ĐÁNH GIÁ NĂM 2020"]),
            row(&[
                "Số TT",
                "Tên đơn vị",
                "MỨC ĐỘ ĐẠT ĐƯỢC",
                "",
                "",
                "",
                "",
                "",
                "",
                "ĐIỀU KIỆN SẴN SÀNG",
            ]),
            header2,
            unit(
                None,
                "UBND huyện Vạn Ninh",
                [100.0, 0.0, 100.0, 85.5, 0.855, 85.5],
                "Mức II",
                [50.0, 0.0, 50.0, 45.0, 0.9, 45.0],
                "Mức I",
            ),
            unit(
                Some(1.0),
                "Thị trấn Vạn Giã",
                [60.0, 5.0, 55.0, 44.0, 0.8, 48.0],
                "Mức II",
                [30.0, 0.0, 30.0, 27.0, 0.9, 27.0],
                "Mức I",
            ),
            row(&[]),
            row(&["Ghi chú: Điểm quy đổi = Điểm đạt được × Điểm tối đa / Điểm tối đa áp dụng"]),
        ],
    )
    .merge(1, 0, 2, 0)
    .merge(1, 1, 2, 1)
    .merge(1, 2, 1, 8)
    .merge(1, 9, 1, 15)]);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(wb.tables.len(), 1);
    let t = &wb.tables[0];
    assert_eq!(t.header_rows, vec![2, 3]);
    let fields = [
        Field::Maximum,
        Field::NotApplicable,
        Field::ApplicableMax,
        Field::RawPoints,
        Field::Percent,
        Field::Converted,
        Field::Level,
    ];
    let mut expected = vec![(1, Role::RowNumber), (2, Role::Unit)];
    for (i, f) in fields.iter().enumerate() {
        expected.push((3 + i as u32, ach(*f)));
    }
    for (i, f) in fields.iter().enumerate() {
        expected.push((10 + i as u32, rdy(*f)));
    }
    assert_eq!(roles(t), expected);
    assert_eq!(row_numbers(t), vec![4, 5]);
    check_cells_placed(t);
    let vals = |stt: RawValue, name: &str, a: [f64; 6], al: &str, r: [f64; 6], rl: &str| {
        let mut v = vec![stt, txt(name)];
        for (d, l) in [(a, al), (r, rl)] {
            v.extend(d.iter().map(|x| num(*x)));
            v.push(txt(l));
        }
        v
    };
    assert_eq!(
        all_values(t),
        vec![
            vals(
                RawValue::Empty,
                "UBND huyện Vạn Ninh",
                [100.0, 0.0, 100.0, 85.5, 0.855, 85.5],
                "Mức II",
                [50.0, 0.0, 50.0, 45.0, 0.9, 45.0],
                "Mức I",
            ),
            vals(
                num(1.0),
                "Thị trấn Vạn Giã",
                [60.0, 5.0, 55.0, 44.0, 0.8, 48.0],
                "Mức II",
                [30.0, 0.0, 30.0, 27.0, 0.9, 27.0],
                "Mức I",
            ),
        ]
    );
    assert_eq!(
        passed(&wb, "Bieu 01"),
        vec![
            (PassReason::Title, 1),
            (PassReason::Header, 2),
            (PassReason::Blank, 1),
            (PassReason::Note, 1),
        ]
    );
}

/// The Phụ lục II shape: several districts split by group headings, STT restarting at 1, the unit
/// label merged over the STT column.
fn annex_sheet() -> Sheet {
    Sheet::new(
        "Phu luc II",
        vec![
            row(&["Phụ lục II"]),
            row(&["XẾP HẠNG CHÍNH QUYỀN ĐIỆN TỬ CẤP XÃ"]),
            row(&[]),
            row(&[
                "CÁC XÃ, PHƯỜNG, THỊ TRẤN",
                "",
                "MỨC ĐỘ ĐẠT ĐƯỢC",
                "",
                "ĐIỀU KIỆN SẴN SÀNG",
                "",
            ]),
            row(&["", "", "Tổng điểm", "Kết quả", "Tổng điểm", "Kết quả"]),
            row(&["I. HUYỆN CAM LÂM"]),
            row(&[
                "1",
                "Thị trấn Cam Đức",
                "22,20",
                "Không xếp hạng",
                "25",
                "II",
            ]),
            row(&["2", "Xã Cam Hòa", "50,10", "II", "27,7", "I"]),
            row(&["II. HUYỆN DIÊN KHÁNH"]),
            row(&["1", "Thị trấn Diên Khánh", "52,40", "II", "26", "II"]),
            row(&["2", "Xã Diên An", "48", "III", "23,75", "III"]),
            row(&["3", "Xã Diên Đông", "44,5", "III", "21", "IV"]),
        ],
    )
    .merge(0, 0, 0, 5)
    .merge(1, 0, 1, 5)
    .merge(3, 0, 4, 1)
    .merge(3, 2, 3, 3)
    .merge(3, 4, 3, 5)
}

#[test]
fn several_districts_with_group_headings() {
    let (_d, wb, findings) = build(&[annex_sheet()]);
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(wb.title_district.is_none());
    assert_eq!(wb.tables.len(), 1);
    let t = &wb.tables[0];
    assert_eq!(t.header_rows, vec![4, 5]);
    assert_eq!(
        roles(t),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score)),
            (4, ach(Field::Level)),
            (5, rdy(Field::Score)),
            (6, rdy(Field::Level)),
        ]
    );
    assert_eq!(t.columns[1].label, "CÁC XÃ, PHƯỜNG, THỊ TRẤN");
    assert_eq!(row_numbers(t), vec![7, 8, 10, 11, 12]);
    check_cells_placed(t);
    assert_eq!(
        t.rows.iter().map(heading_of).collect::<Vec<_>>(),
        vec![
            Some("HUYỆN CAM LÂM"),
            Some("HUYỆN CAM LÂM"),
            Some("HUYỆN DIÊN KHÁNH"),
            Some("HUYỆN DIÊN KHÁNH"),
            Some("HUYỆN DIÊN KHÁNH"),
        ]
    );
    let h = t.rows[2].heading.as_ref().expect("heading");
    assert_eq!((h.cell.row, h.cell.col), (9, 1));
    // Row numbers restart after each heading.
    assert_eq!(
        t.rows
            .iter()
            .map(|r| r.get(Role::RowNumber).map(|c| c.value.clone()))
            .collect::<Vec<_>>(),
        [1.0, 2.0, 1.0, 2.0, 3.0]
            .iter()
            .map(|x| Some(num(*x)))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        values(&t.rows[3]),
        raws(&["2", "Xã Diên An", "48", "III", "23,75", "III"])
    );
    assert_eq!(
        passed(&wb, "Phu luc II"),
        vec![
            (PassReason::Title, 2),
            (PassReason::Header, 2),
            (PassReason::Heading, 2),
            (PassReason::Blank, 1),
        ]
    );
}

#[test]
fn repeated_header_after_a_page_break_and_blank_rows_inside() {
    let header = || {
        [
            row(&[
                "TT",
                "Tên đơn vị",
                "MỨC ĐỘ ĐẠT ĐƯỢC",
                "",
                "ĐIỀU KIỆN SẴN SÀNG",
                "",
            ]),
            row(&["", "", "Tổng điểm", "Kết quả", "Tổng điểm", "Kết quả"]),
        ]
    };
    let mut rows: Vec<Vec<C>> = vec![row(&["KẾT QUẢ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"])];
    rows.extend(header());
    rows.extend([
        row(&["", "UBND thành phố Nha Trang", "90.5", "I", "46", "I"]),
        row(&["1", "Phường Vĩnh Hòa", "55", "I", "28", "I"]),
        row(&[]),
        row(&["2", "Phường Vĩnh Hải", "51", "II", "'25", "II"]),
        row(&[]),
        row(&[]),
    ]);
    rows.extend(header());
    rows.extend([
        row(&["3", "Phường Vĩnh Phước", "47.93", "III", "27.93", "I"]),
        row(&["4", "Xã Vĩnh Lương", "35", "IV", "20", "Không xếp hạng"]),
    ]);
    let sheet = Sheet::new("KQ 2020", rows)
        .merge(1, 0, 2, 0)
        .merge(1, 1, 2, 1)
        .merge(1, 2, 1, 3)
        .merge(1, 4, 1, 5)
        .merge(9, 0, 10, 0)
        .merge(9, 1, 10, 1)
        .merge(9, 2, 9, 3)
        .merge(9, 4, 9, 5);
    let (_d, wb, findings) = build(&[sheet]);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(
        wb.tables.len(),
        1,
        "the repeated header continues the table"
    );
    let t = &wb.tables[0];
    assert_eq!(t.header_rows, vec![2, 3]);
    assert_eq!(row_numbers(t), vec![4, 5, 7, 12, 13]);
    check_cells_placed(t);
    assert_eq!(
        all_values(t),
        vec![
            raws(&["", "UBND thành phố Nha Trang", "90.5", "I", "46", "I"]),
            raws(&["1", "Phường Vĩnh Hòa", "55", "I", "28", "I"]),
            raws(&["2", "Phường Vĩnh Hải", "51", "II", "'25", "II"]),
            raws(&["3", "Phường Vĩnh Phước", "47.93", "III", "27.93", "I"]),
            raws(&["4", "Xã Vĩnh Lương", "35", "IV", "20", "Không xếp hạng"]),
        ]
    );
    assert_eq!(
        passed(&wb, "KQ 2020"),
        vec![
            (PassReason::Title, 1),
            (PassReason::Header, 4),
            (PassReason::Blank, 3),
        ]
    );
    assert_eq!(wb.rows_read, 13);
}

/// The Ninh Hòa shape: a district table and a commune table with different header shapes on one
/// sheet, each under a section line.
fn ninh_hoa_sheet() -> Sheet {
    Sheet::new(
        "TH",
        vec![
            row(&["UBND THỊ XÃ NINH HÒA"]),
            row(&["I. CẤP THỊ XÃ"]),
            row(&[
                "STT",
                "Đơn vị",
                "Điểm mức độ đạt được",
                "Điểm điều kiện sẵn sàng",
            ]),
            row(&["1", "Thị xã Ninh Hòa", "85,5", "44"]),
            row(&[]),
            row(&["II. CẤP XÃ"]),
            row(&[
                "STT",
                "Các xã, phường, thị trấn",
                "MỨC ĐỘ ĐẠT ĐƯỢC",
                "",
                "ĐIỀU KIỆN SẴN SÀNG",
                "",
            ]),
            row(&["", "", "Tổng điểm", "Kết quả", "Tổng điểm", "Kết quả"]),
            row(&["1", "Phường Ninh Hiệp", "55,2", "Mức 1", "28", "I"]),
            row(&["2", "Xã Ninh Sơn", "44", "Mức 3", "22,5", "III"]),
            row(&[]),
            row(&["Người lập biểu", "", "", "", "CHỦ TỊCH"]),
        ],
    )
    .merge(6, 0, 7, 0)
    .merge(6, 1, 7, 1)
    .merge(6, 2, 6, 3)
    .merge(6, 4, 6, 5)
}

#[test]
fn two_tables_on_one_sheet() {
    let (_d, wb, findings) = build(&[ninh_hoa_sheet()]);
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(
        wb.title_district.as_ref().map(|h| h.text.as_str()),
        Some("UBND THỊ XÃ NINH HÒA")
    );
    assert_eq!(wb.tables.len(), 2);
    let (d, c) = (&wb.tables[0], &wb.tables[1]);
    assert_eq!((&*d.sheet, &*c.sheet), ("TH", "TH"));
    assert_eq!(d.header_rows, vec![3]);
    assert_eq!(c.header_rows, vec![7, 8]);
    assert_eq!(
        roles(d),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score)),
            (4, rdy(Field::Score)),
        ]
    );
    assert_eq!(
        roles(c),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score)),
            (4, ach(Field::Level)),
            (5, rdy(Field::Score)),
            (6, rdy(Field::Level)),
        ]
    );
    assert_eq!(row_numbers(d), vec![4]);
    assert_eq!(row_numbers(c), vec![9, 10]);
    check_cells_placed(d);
    check_cells_placed(c);
    assert_eq!(
        all_values(d),
        vec![raws(&["1", "Thị xã Ninh Hòa", "85,5", "44"])]
    );
    assert_eq!(
        all_values(c),
        vec![
            raws(&["1", "Phường Ninh Hiệp", "55,2", "Mức 1", "28", "I"]),
            raws(&["2", "Xã Ninh Sơn", "44", "Mức 3", "22,5", "III"]),
        ]
    );
    assert!(c.rows.iter().all(|r| r.heading.is_none()));
    assert_eq!(
        passed(&wb, "TH"),
        vec![
            (PassReason::Title, 2),
            (PassReason::Header, 3),
            (PassReason::Heading, 1),
            (PassReason::Blank, 2),
            (PassReason::Note, 1),
        ]
    );
}

#[test]
fn hidden_and_empty_sheets() {
    let table = |name: &str| {
        vec![
            row(&["STT", "Tên đơn vị", "Tổng điểm mức độ đạt được"]),
            row(&["1", name, "50"]),
        ]
    };
    let (_d, wb, findings) = build(&[
        Sheet::new("Cap xa", table("Xã Cam Hòa")),
        Sheet::new("Sheet3", vec![]),
        Sheet::new("An", table("Xã Cam Tân")).hidden(),
    ]);
    assert_eq!(wb.sheets.len(), 3);
    assert_eq!(
        wb.sheets
            .iter()
            .map(|s| (s.name.as_str(), s.hidden, s.rows, s.tables))
            .collect::<Vec<_>>(),
        vec![
            ("Cap xa", false, 2, 1),
            ("Sheet3", false, 0, 0),
            ("An", true, 2, 1)
        ]
    );
    assert_eq!(wb.tables.len(), 2);
    assert!(!wb.tables[0].hidden);
    let t = &wb.tables[1];
    assert_eq!(&*t.sheet, "An");
    assert!(t.hidden);
    assert_eq!(
        roles(t),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score))
        ]
    );
    assert_eq!(all_values(t), vec![raws(&["1", "Xã Cam Tân", "50"])]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].code, Code::SheetHidden);
    assert_eq!(findings[0].location.sheet.as_deref(), Some("An"));
    assert_eq!(findings[0].location.file.as_deref(), Some("book.xlsx"));
    assert_eq!(passed(&wb, "Sheet3"), vec![]);
    assert_eq!(wb.rows_read, 4);
}

#[test]
fn score_cells_as_numbers_text_and_formulas() {
    let (_d, wb, findings) = build(&[Sheet::new(
        "Sheet1",
        vec![
            row(&[
                "STT",
                "Tên đơn vị",
                "Tổng điểm mức độ đạt được",
                "Tổng điểm điều kiện sẵn sàng",
            ]),
            vec![n(1.0), s("Xã Cam Tân"), n(50.5), n(27.25)],
            vec![n(2.0), s("Xã Cam Hòa"), s("50,10"), s("27,7")],
            vec![
                n(3.0),
                s("Xã Cam Hải Tây"),
                C::F("=40+5.5".into(), 45.5),
                C::F("=SUM(20,4.75)".into(), 24.75),
            ],
            vec![n(4.0), s("Xã Sơn Tân"), s("\u{a0}43,20 "), s("24.20\u{a0}")],
            vec![
                n(5.0),
                s("Xã Suối Cát"),
                C::Err("#REF!".into()),
                C::D(44197.0),
            ],
            vec![n(6.0), s("Xã Suối Tân"), s("-"), s("x")],
        ],
    )]);
    assert!(findings.is_empty(), "{findings:#?}");
    let t = &wb.tables[0];
    assert_eq!(row_numbers(t), vec![2, 3, 4, 5, 6, 7]);
    let scores: Vec<(RawValue, RawValue)> = t
        .rows
        .iter()
        .map(|r| {
            (
                r.get(ach(Field::Score)).expect("achieved").value.clone(),
                r.get(rdy(Field::Score)).expect("readiness").value.clone(),
            )
        })
        .collect();
    assert_eq!(scores[0], (num(50.5), num(27.25)));
    assert_eq!(scores[1], (txt("50,10"), txt("27,7")));
    // A formula counts by its cached value.
    assert_eq!(scores[2], (num(45.5), num(24.75)));
    assert_eq!(scores[3], (txt("\u{a0}43,20 "), txt("24.20\u{a0}")));
    // Bad input is kept raw, for normalize to reject with its place.
    assert_eq!(scores[4].0, RawValue::Error("#REF!".into()));
    assert!(
        matches!(scores[4].1, RawValue::Date(_)),
        "{:?}",
        scores[4].1
    );
    assert_eq!(scores[5], (txt("-"), txt("x")));
    let c = &t.rows[4].get(ach(Field::Score)).expect("cell").cell;
    assert_eq!((c.row, c.col), (6, 3));
    assert_eq!(passed(&wb, "Sheet1"), vec![(PassReason::Header, 1)]);
}

#[test]
fn scores_without_a_name_stay_data() {
    // A row with values but neither STT nor name is data (rejected later with its place), never
    // passed over; only prose such as a signature's date line is not a value.
    let (_d, wb, _) = build(&[Sheet::new(
        "Sheet1",
        vec![
            row(&[
                "STT",
                "Tên đơn vị",
                "Điểm mức độ đạt được",
                "Kết quả mức độ đạt được",
            ]),
            row(&["1", "Xã Cam Hòa", "50,10", "II"]),
            row(&["", "", "45,5", "III"]),
            row(&["", "", "", "Mức 2"]),
            row(&["", "", "Khánh Hòa, ngày 15 tháng 01 năm 2021"]),
            row(&["", "", "Ngày 15/01/2021"]),
        ],
    )]);
    let t = &wb.tables[0];
    assert_eq!(row_numbers(t), vec![2, 3, 4]);
    assert_eq!(values(&t.rows[1]), raws(&["", "", "45,5", "III"]));
    assert_eq!(
        passed(&wb, "Sheet1"),
        vec![(PassReason::Header, 1), (PassReason::Note, 2)]
    );
}

// ---------------------------------------------------------------------------------------------
// End to end through the binary

/// Runs the pipeline over the given workbooks in a fresh Khánh Hòa project.
fn run_project(files: &[(&str, Vec<Sheet>)]) -> Project {
    let project = Project::new("56", "", "");
    for (name, sheets) in files {
        write_xlsx(&project.raw(name), sheets);
    }
    // The default pipeline is pipelines/khanh-hoa.toml; the project's is pipelines/test.toml.
    let o = project.run(&["run", "--pipeline", "pipelines/test.toml"]);
    // Exit 0: done, warnings allowed (the other districts of the province are missing).
    assert_eq!(o.code, 0, "stdout:\n{}\nstderr:\n{}", o.stdout, o.stderr);
    project
}

fn find<'a>(
    rows: &'a [BTreeMap<String, String>],
    key: &str,
    code: &str,
) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r[key] == code)
        .unwrap_or_else(|| panic!("{code} not in {rows:#?}"))
}

/// (code, achieved score, achieved level, readiness score, readiness level, source row) of each
/// row of a CSV, in file order.
fn units(rows: &[BTreeMap<String, String>], key: &str) -> Vec<[String; 6]> {
    rows.iter()
        .map(|r| {
            [
                key,
                "achieved_score",
                "achieved_level",
                "readiness_score",
                "readiness_level",
                "source_row",
            ]
            .map(|k| r[k].clone())
        })
        .collect()
}

fn strings<const N: usize>(rows: &[[&str; N]]) -> Vec<[String; N]> {
    rows.iter().map(|r| r.map(str::to_string)).collect()
}

/// The file entries of report.json by file name, and the findings with a code.
fn report_file(report: &serde_json::Value, file: &str) -> serde_json::Value {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"] == format!("raw/2020/{file}"))
        .unwrap_or_else(|| panic!("{file} not in report"))
        .clone()
}

fn findings_with(report: &serde_json::Value, code: &str) -> Vec<serde_json::Value> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code)
        .cloned()
        .collect()
}

fn check_file_tally(report: &serde_json::Value, file: &str, read: u64, accepted: u64, passed: u64) {
    let f = report_file(report, file);
    assert_eq!(f["rows_read"], read, "{f}");
    assert_eq!(f["rows_accepted"], accepted, "{f}");
    assert_eq!(f["rows_rejected"], 0, "{f}");
    assert_eq!(f["rows_passed_over"], passed, "{f}");
    assert_eq!(f["balanced"], true, "{f}");
}

#[test]
fn end_to_end_two_row_header_title_district_and_signatures() {
    let file = "Cam Lam - CQDT 2020 (ban chinh thuc).xlsx";
    let p = run_project(&[(file, vec![cam_lam_sheet()])]);
    let d = read_csv(&p.out("2020", "district.csv"));
    assert_eq!(
        units(&d, "district_code"),
        strings(&[["570", "88.5", "II", "45.2", "I", "7"]])
    );
    assert_eq!(d[0]["name_submitted"], "UBND huyện Cam Lâm");
    let c = read_csv(&p.out("2020", "commune.csv"));
    assert_eq!(
        units(&c, "commune_code"),
        strings(&[
            ["22453", "22.2", "Không xếp hạng", "25.0", "II", "9"],
            ["22438", "50.1", "II", "27.7", "I", "10"],
            ["22435", "54.5", "I", "24.0", "II", "11"],
        ])
    );
    for r in &c {
        assert_eq!(r["district_code"], "570");
        assert_eq!(r["source_sheet"], "Tong hop");
    }
    assert_eq!(find(&c, "commune_code", "22453")["commune_name"], "Cam Đức");
    let report = p.report();
    // 19 rows: 4 accepted (the district and 3 communes), 15 passed over; the date line and the
    // signatures under the score columns are not rows.
    check_file_tally(&report, file, 19, 4, 15);
    let src = findings_with(&report, "district-source");
    assert_eq!(src.len(), 1, "{src:#?}");
    assert!(
        src[0]["message_en"]
            .as_str()
            .is_some_and(|m| m.contains("(570)") && m.contains("title")),
        "{src:#?}"
    );
    assert_eq!(report["totals"]["errors"], 0);
    assert_eq!(report["totals"]["rejected_rows"], 0);
}

#[test]
fn end_to_end_group_headings_over_two_districts() {
    let file = "Tong hop cap xa 2020.xlsx";
    let p = run_project(&[(file, vec![annex_sheet()])]);
    let c = read_csv(&p.out("2020", "commune.csv"));
    let mut got: Vec<[String; 3]> = c
        .iter()
        .map(|r| {
            [
                r["district_code"].clone(),
                r["commune_code"].clone(),
                r["annex_order"].clone(),
            ]
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        strings(&[
            ["570", "22438", "2"],
            ["570", "22453", "1"],
            ["574", "22651", "1"],
            ["574", "22666", "3"],
            ["574", "22693", "2"],
        ])
    );
    // "Xã Diên Đông" as written, resolved inside Diên Khánh.
    let dong = find(&c, "commune_code", "22666");
    assert_eq!(dong["commune_name"], "Diên Đồng");
    assert_eq!(dong["name_submitted"], "Xã Diên Đông");
    assert_eq!(
        [
            &dong["achieved_score"],
            &dong["readiness_score"],
            &dong["source_row"]
        ],
        ["44.5", "21.0", "12"]
    );
    assert!(read_csv(&p.out("2020", "district.csv")).is_empty());
    let report = p.report();
    check_file_tally(&report, file, 12, 5, 7);
    let src = findings_with(&report, "district-source");
    assert_eq!(src.len(), 2, "{src:#?}");
    assert_eq!(report["totals"]["errors"], 0);
}

#[test]
fn end_to_end_two_tables_on_a_sheet_and_one_table_per_dimension() {
    let ninh_hoa = "Ninh Hoa - KQ 2020.xlsx";
    let khanh_son = "KHANH SON - Bieu diem 2020.xlsx";
    let p = run_project(&[
        (ninh_hoa, vec![ninh_hoa_sheet()]),
        (khanh_son, vec![khanh_son_sheet()]),
    ]);
    let mut d = units(&read_csv(&p.out("2020", "district.csv")), "district_code");
    d.sort();
    assert_eq!(
        d,
        strings(&[
            ["572", "85.5", "II", "44.0", "II", "4"],
            ["575", "87.19", "II", "46.0", "I", "4"],
        ])
    );
    let c = read_csv(&p.out("2020", "commune.csv"));
    let mut got = units(&c, "commune_code");
    got.sort();
    // Khánh Sơn: one record per unit from both tables; source_row is where its first score is.
    assert_eq!(got.len(), 4, "{c:#?}");
    let son_binh = find(&c, "commune_code", "22726");
    assert_eq!(
        [
            &son_binh["achieved_score"],
            &son_binh["achieved_level"],
            &son_binh["readiness_score"],
            &son_binh["readiness_level"]
        ],
        ["52.0", "II", "25.0", "II"]
    );
    let to_hap = find(&c, "commune_code", "22714");
    assert_eq!(
        [&to_hap["achieved_score"], &to_hap["readiness_score"]],
        ["45.0", "28.0"]
    );
    let ninh_hiep = find(&c, "commune_code", "22528");
    assert_eq!(
        [
            &ninh_hiep["district_code"],
            &ninh_hiep["achieved_score"],
            &ninh_hiep["achieved_level"],
            &ninh_hiep["readiness_score"],
            &ninh_hiep["readiness_level"],
            &ninh_hiep["source_row"],
        ],
        ["572", "55.2", "I", "28.0", "I", "9"]
    );
    assert_eq!(find(&c, "commune_code", "22531")["achieved_level"], "III");
    let report = p.report();
    check_file_tally(&report, ninh_hoa, 12, 3, 9);
    check_file_tally(&report, khanh_son, 13, 6, 7);
    assert_eq!(report["totals"]["errors"], 0);
}

// ---------------------------------------------------------------------------------------------
// The same content as .xlsx, .ods and .xls

/// The content of tests/fixtures/layout-basic.{xlsx,xls}: a two-row merged header under title
/// rows, scores as numbers, text with a decimal comma and formulas, a blank row inside the table,
/// a signature; an empty sheet; a hidden sheet with a percent column.
fn layout_basic() -> Vec<Sheet> {
    vec![
        Sheet::new(
            "Tong hop",
            vec![
                row(&[
                    "ỦY BAN NHÂN DÂN HUYỆN CAM LÂM",
                    "",
                    "",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                ]),
                row(&["BIỂU TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CHÍNH QUYỀN ĐIỆN TỬ NĂM 2020"]),
                row(&[]),
                row(&[
                    "STT",
                    "Tên đơn vị",
                    "MỨC ĐỘ ĐẠT ĐƯỢC",
                    "",
                    "ĐIỀU KIỆN SẴN SÀNG",
                    "",
                ]),
                row(&["", "", "Tổng\nđiểm", "Kết quả", "Tổng điểm", "Kết quả"]),
                vec![
                    C::E,
                    s("UBND huyện Cam Lâm"),
                    s("88,50"),
                    s("II"),
                    C::F("=40+5.2".into(), 45.2),
                    s("I"),
                ],
                row(&["", "Các xã, thị trấn"]),
                row(&[
                    "1",
                    "Thị trấn Cam Đức",
                    "22,20",
                    "Không xếp hạng",
                    "25",
                    "II",
                ]),
                row(&["2", "Xã Cam Hòa", "50.1", "II", " 27,7\u{a0}", "I"]),
                row(&[]),
                vec![
                    n(3.0),
                    s("Xã Cam Tân"),
                    C::F("=50+4.5".into(), 54.5),
                    s("I"),
                    n(24.0),
                    s("II"),
                ],
                row(&[]),
                row(&["", "Người lập biểu", "", "", "KT. CHỦ TỊCH"]),
            ],
        )
        .merge(1, 0, 1, 5)
        .merge(3, 0, 4, 0)
        .merge(3, 1, 4, 1)
        .merge(3, 2, 3, 3)
        .merge(3, 4, 3, 5),
        Sheet::new("Sheet3", vec![]),
        Sheet::new(
            "Xa",
            vec![
                row(&[
                    "STT",
                    "Tên đơn vị",
                    "Điểm mức độ đạt được",
                    "Tỷ lệ (%) mức độ đạt được",
                ]),
                vec![n(1.0), s("Xã Sơn Tân"), n(48.0), C::P(0.8)],
            ],
        )
        .hidden(),
    ]
}

fn xml_escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes a minimal OpenDocument spreadsheet: `mimetype` stored first, the manifest, and
/// content.xml with one table:table per sheet (merges as spans over covered cells, hidden sheets
/// by a table style with table:display="false").
fn write_ods(path: &Path, sheets: &[Sheet]) {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"><office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>"#,
    );
    for sh in sheets {
        let style = if sh.hidden { "ta2" } else { "ta1" };
        x.push_str(&format!(
            r#"<table:table table:name="{}" table:style-name="{style}">"#,
            xml_escape(&sh.name)
        ));
        let height = sh
            .merges
            .iter()
            .map(|m| m.2 as usize + 1)
            .chain([sh.rows.len(), 1])
            .max()
            .unwrap_or(1);
        for r in 0..height {
            let cells = sh.rows.get(r).map(Vec::as_slice).unwrap_or(&[]);
            let width = sh
                .merges
                .iter()
                .filter(|m| (m.0 as usize..=m.2 as usize).contains(&r))
                .map(|m| m.3 as usize + 1)
                .chain([cells.len(), 1])
                .max()
                .unwrap_or(1);
            x.push_str("<table:table-row>");
            for c in 0..width {
                let (r32, c16) = (r as u32, c as u16);
                let merge = sh
                    .merges
                    .iter()
                    .find(|m| (m.0..=m.2).contains(&r32) && (m.1..=m.3).contains(&c16));
                let span = match merge {
                    Some(m) if (m.0, m.1) != (r32, c16) => {
                        x.push_str("<table:covered-table-cell/>");
                        continue;
                    }
                    Some(m) => format!(
                        r#" table:number-rows-spanned="{}" table:number-columns-spanned="{}""#,
                        m.2 - m.0 + 1,
                        m.3 - m.1 + 1
                    ),
                    None => String::new(),
                };
                match cells.get(c).unwrap_or(&C::E) {
                    C::E => x.push_str(&format!("<table:table-cell{span}/>")),
                    C::S(t) => {
                        x.push_str(&format!(
                            r#"<table:table-cell{span} office:value-type="string">"#
                        ));
                        for line in t.split('\n') {
                            x.push_str(&format!("<text:p>{}</text:p>", xml_escape(line)));
                        }
                        x.push_str("</table:table-cell>");
                    }
                    C::N(v) => x.push_str(&format!(
                        r#"<table:table-cell{span} office:value-type="float" office:value="{v}"/>"#
                    )),
                    C::P(v) => x.push_str(&format!(
                        r#"<table:table-cell{span} office:value-type="percentage" office:value="{v}"/>"#
                    )),
                    C::F(f, v) => x.push_str(&format!(
                        r#"<table:table-cell{span} table:formula="of:{}" office:value-type="float" office:value="{v}"/>"#,
                        xml_escape(f)
                    )),
                    other => panic!("write_ods: {other:?} not supported"),
                }
            }
            x.push_str("</table:table-row>");
        }
        x.push_str("</table:table>");
    }
    x.push_str("</office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let file = std::fs::File::create(path).expect("create .ods");
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .expect("zip");
    zip.start_file("META-INF/manifest.xml", deflated)
        .expect("zip");
    zip.write_all(manifest.as_bytes()).expect("zip");
    zip.start_file("content.xml", deflated).expect("zip");
    zip.write_all(x.as_bytes()).expect("zip");
    zip.finish().expect("zip");
}

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// What layout-basic reads as, in any format.
fn check_layout_basic(wb: &Workbook, findings: &[Finding]) {
    assert_eq!(
        wb.title_district.as_ref().map(|h| h.text.as_str()),
        Some("ỦY BAN NHÂN DÂN HUYỆN CAM LÂM")
    );
    assert_eq!(
        wb.sheets
            .iter()
            .map(|s| (s.name.as_str(), s.hidden, s.rows, s.tables))
            .collect::<Vec<_>>(),
        vec![
            ("Tong hop", false, 13, 1),
            ("Sheet3", false, 0, 0),
            ("Xa", true, 2, 1)
        ]
    );
    assert_eq!(wb.tables.len(), 2);
    let t = &wb.tables[0];
    assert_eq!(t.header_rows, vec![4, 5]);
    assert_eq!(
        roles(t),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score)),
            (4, ach(Field::Level)),
            (5, rdy(Field::Score)),
            (6, rdy(Field::Level)),
        ]
    );
    assert_eq!(row_numbers(t), vec![6, 8, 9, 11]);
    check_cells_placed(t);
    assert_eq!(
        all_values(t),
        vec![
            raws(&["", "UBND huyện Cam Lâm", "88,50", "II", "45.2", "I"]),
            raws(&[
                "1",
                "Thị trấn Cam Đức",
                "22,20",
                "Không xếp hạng",
                "25",
                "II"
            ]),
            raws(&["2", "Xã Cam Hòa", "50.1", "II", "' 27,7\u{a0}", "I"]),
            raws(&["3", "Xã Cam Tân", "54.5", "I", "24", "II"]),
        ]
    );
    assert_eq!(
        passed(wb, "Tong hop"),
        vec![
            (PassReason::Title, 2),
            (PassReason::Header, 2),
            (PassReason::Blank, 3),
            (PassReason::Note, 2),
        ]
    );
    let h = &wb.tables[1];
    assert!(h.hidden);
    assert_eq!(
        roles(h),
        vec![
            (1, Role::RowNumber),
            (2, Role::Unit),
            (3, ach(Field::Score)),
            (4, ach(Field::Percent)),
        ]
    );
    assert_eq!(all_values(h), vec![raws(&["1", "Xã Sơn Tân", "48", "0.8"])]);
    assert_eq!(
        findings
            .iter()
            .map(|f| (f.code, f.location.sheet.as_deref()))
            .collect::<Vec<_>>(),
        vec![(Code::SheetHidden, Some("Xa"))]
    );
}

#[test]
#[ignore = "rewrites tests/fixtures/layout-basic.xlsx; see tests/fixtures/README.md"]
fn write_layout_basic_fixture() {
    let path = fixture("layout-basic.xlsx");
    write_xlsx(&path, &layout_basic());
    let (wb, findings) = read(&path);
    check_layout_basic(&wb, &findings);
}

#[test]
fn xlsx_ods_and_xls_read_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let xlsx = dir.path().join("layout-basic.xlsx");
    let ods = dir.path().join("layout-basic.ods");
    write_xlsx(&xlsx, &layout_basic());
    write_ods(&ods, &layout_basic());
    let (reference, ref_findings) = read(&xlsx);
    check_layout_basic(&reference, &ref_findings);
    // The committed .xlsx is the same content, and the .xls was converted from it by LibreOffice.
    for path in [
        ods,
        fixture("layout-basic.xlsx"),
        fixture("layout-basic.xls"),
    ] {
        let (wb, findings) = read(&path);
        let name = path.display();
        assert_eq!(wb.tables, reference.tables, "{name}: tables");
        assert_eq!(wb.sheets, reference.sheets, "{name}: sheets");
        assert_eq!(wb.title_district, reference.title_district, "{name}: title");
        assert_eq!(
            (wb.rows_read, wb.rows_passed),
            (reference.rows_read, reference.rows_passed),
            "{name}: rows"
        );
        assert_eq!(
            findings
                .iter()
                .map(|f| (f.code, f.location.sheet.clone()))
                .collect::<Vec<_>>(),
            ref_findings
                .iter()
                .map(|f| (f.code, f.location.sheet.clone()))
                .collect::<Vec<_>>(),
            "{name}: findings"
        );
        check_layout_basic(&wb, &findings);
    }
}
