//! The only calamine user: opens a workbook within the configured limits and turns every sheet into
//! a grid of raw values with their 1-based positions.

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, SheetVisible, open_workbook_auto};

use super::RawValue;
use crate::finding::{CellRef, Code, Finding, Location, Message};
use crate::pipeline::Limits;

/// One sheet as read: raw values of its used range.
#[derive(Debug, Clone)]
pub struct Grid {
    pub name: String,
    pub hidden: bool,
    /// 1-based row and column of the first cell of `cells`.
    pub first_row: u32,
    pub first_col: u32,
    pub cells: Vec<Vec<RawValue>>,
}

impl Grid {
    /// The value at a 1-based (row, column), `Empty` outside the used range.
    pub fn get(&self, row: u32, col: u32) -> &RawValue {
        static EMPTY: RawValue = RawValue::Empty;
        if row < self.first_row || col < self.first_col {
            return &EMPTY;
        }
        self.cells
            .get((row - self.first_row) as usize)
            .and_then(|r| r.get((col - self.first_col) as usize))
            .unwrap_or(&EMPTY)
    }

    /// The last 1-based row (first_row - 1 when empty).
    pub fn last_row(&self) -> u32 {
        self.first_row + self.cells.len() as u32 - 1
    }

    pub fn last_col(&self) -> u32 {
        let width = self.cells.iter().map(Vec::len).max().unwrap_or(0) as u32;
        self.first_col + width.max(1) - 1
    }
}

/// A workbook's sheets, or the reason the whole file is rejected.
pub struct Opened {
    pub grids: Vec<Grid>,
    /// Sheet-level problems (too large); those sheets are left out of `grids`.
    pub findings: Vec<Finding>,
}

fn file_error(code: Code, shown: &str, vi: String, en: String) -> Finding {
    Finding::new(code, Location::file(shown), Message::new(vi, en))
}

/// Sums the uncompressed sizes of a zip container's entries (xlsx, xlsm, ods); `None` when the file
/// is not a zip.
fn zip_uncompressed_size(path: &Path) -> Option<u64> {
    let file = std::fs::File::open(path).ok()?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).ok()?;
        total = total.saturating_add(entry.size());
    }
    Some(total)
}

fn is_encrypted_ole(path: &Path) -> bool {
    // An OLE compound file whose stream list holds "EncryptedPackage" (UTF-16) is an encrypted
    // OOXML package; read only the first MiB.
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::new();
    if file.take(1 << 20).read_to_end(&mut head).is_err() {
        return false;
    }
    let magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if !head.starts_with(&magic) {
        return false;
    }
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    head.windows(needle.len()).any(|w| w == needle.as_slice())
}

fn convert(value: &Data, limits: &Limits) -> RawValue {
    match value {
        Data::Empty => RawValue::Empty,
        Data::Int(i) => RawValue::Number(*i as f64),
        Data::Float(f) => RawValue::Number(*f),
        Data::String(s) => {
            let chars = s.chars().count() as u64;
            if chars > limits.max_cell_chars {
                RawValue::TooLong(chars)
            } else {
                RawValue::Text(s.clone())
            }
        }
        Data::Bool(b) => RawValue::Bool(*b),
        Data::DateTime(d) => RawValue::Date(format!("{}", d.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawValue::Date(s.clone()),
        Data::Error(e) => RawValue::Error(format!("{e}")),
    }
}

/// Opens `path` and reads every sheet. `Err` is the file-level finding that rejects the file.
pub fn open(path: &Path, shown: &str, limits: &Limits) -> Result<Opened, Finding> {
    let meta = std::fs::metadata(path).map_err(|e| {
        file_error(
            Code::FileUnreadable,
            shown,
            format!("Không mở được tệp: {e}"),
            format!("cannot open the file: {e}"),
        )
    })?;
    if meta.len() > limits.max_file_bytes {
        return Err(file_error(
            Code::FileTooLarge,
            shown,
            format!(
                "Tệp có {} byte, vượt giới hạn {} byte",
                meta.len(),
                limits.max_file_bytes
            ),
            format!(
                "the file has {} bytes, above the limit of {}",
                meta.len(),
                limits.max_file_bytes
            ),
        ));
    }
    if meta.len() == 0 {
        return Err(file_error(
            Code::FileUnreadable,
            shown,
            "Tệp rỗng (0 byte)".into(),
            "the file is empty (0 bytes)".into(),
        ));
    }
    if let Some(size) = zip_uncompressed_size(path) {
        if size > limits.max_uncompressed_bytes {
            return Err(file_error(
                Code::FileTooLarge,
                shown,
                format!(
                    "Nội dung giải nén của tệp là {size} byte, vượt giới hạn {} byte",
                    limits.max_uncompressed_bytes
                ),
                format!(
                    "the file unpacks to {size} bytes, above the limit of {}",
                    limits.max_uncompressed_bytes
                ),
            ));
        }
    }
    let mut workbook = match open_workbook_auto(path) {
        Ok(w) => w,
        Err(e) => {
            let password = matches!(
                e,
                calamine::Error::Xls(calamine::XlsError::Password)
                    | calamine::Error::Xlsx(calamine::XlsxError::Password)
                    | calamine::Error::Ods(calamine::OdsError::Password)
            );
            if password || is_encrypted_ole(path) {
                return Err(file_error(
                    Code::FileEncrypted,
                    shown,
                    "Tệp được bảo vệ bằng mật khẩu; hãy gửi bản không đặt mật khẩu".into(),
                    "the workbook is password-protected; ask for a copy without a password".into(),
                ));
            }
            return Err(file_error(
                Code::FileUnreadable,
                shown,
                format!("Không đọc được tệp như một bảng tính Excel/ODS: {e}"),
                format!("not a workbook calamine can read: {e}"),
            ));
        }
    };
    let sheets: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut grids = Vec::new();
    let mut findings = Vec::new();
    for (name, hidden) in sheets {
        let range = match workbook.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => {
                findings.push(Finding::new(
                    Code::FileUnreadable,
                    Location {
                        file: Some(shown.to_string()),
                        sheet: Some(name.clone()),
                        ..Location::default()
                    },
                    Message::new(
                        format!("Không đọc được trang tính: {e}"),
                        format!("cannot read the sheet: {e}"),
                    ),
                ));
                continue;
            }
        };
        let (height, width) = range.get_size();
        let cells_count = height as u64 * width as u64;
        if cells_count > limits.max_cells_per_sheet {
            findings.push(Finding::new(
                Code::SheetTooLarge,
                Location { file: Some(shown.to_string()), sheet: Some(name.clone()), ..Location::default() },
                Message::new(
                    format!("Trang tính có {height} dòng × {width} cột = {cells_count} ô, vượt giới hạn {} ô", limits.max_cells_per_sheet),
                    format!("the sheet spans {height} rows × {width} columns = {cells_count} cells, above the limit of {}", limits.max_cells_per_sheet),
                ),
            ));
            continue;
        }
        let Some((r0, c0)) = range.start() else {
            grids.push(Grid {
                name,
                hidden,
                first_row: 1,
                first_col: 1,
                cells: Vec::new(),
            });
            continue;
        };
        let mut cells = Vec::with_capacity(height);
        for (ri, row) in range.rows().enumerate() {
            let mut out = Vec::with_capacity(row.len());
            for (ci, v) in row.iter().enumerate() {
                let raw = convert(v, limits);
                if let RawValue::TooLong(n) = raw {
                    let cell = CellRef::from_zero_based(r0 + ri as u32, c0 + ci as u32);
                    findings.push(Finding::new(
                        Code::CellTooLong,
                        Location::cell(shown, &name, cell),
                        Message::new(
                            format!(
                                "Ô có {n} ký tự, vượt giới hạn {} ký tự",
                                limits.max_cell_chars
                            ),
                            format!(
                                "the cell holds {n} characters, above the limit of {}",
                                limits.max_cell_chars
                            ),
                        ),
                    ));
                }
                out.push(raw);
            }
            // Trailing empties carry nothing.
            while matches!(out.last(), Some(RawValue::Empty)) {
                out.pop();
            }
            cells.push(out);
        }
        grids.push(Grid {
            name,
            hidden,
            first_row: r0 + 1,
            first_col: c0 + 1,
            cells,
        });
    }
    Ok(Opened { grids, findings })
}
