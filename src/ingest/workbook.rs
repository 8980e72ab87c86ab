//! The only calamine user: opens a workbook within the configured limits and turns every sheet into
//! a grid of raw values with their 1-based positions.

use std::hash::BuildHasher;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use std::io::Cursor;

use calamine::{
    Data, DataRef, Ods, Reader, SheetVisible, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs,
};

use super::{RawCell, RawValue};
use crate::core::recent::Recent;
use crate::finding::{CellRef, Code, Finding, Location};
use crate::pipeline::Limits;
use crate::words::Text;

/// One sheet as read: its rows of raw values, each cell with its 1-based place.
#[derive(Debug, Clone)]
pub struct Grid {
    pub name: String,
    pub hidden: bool,
    /// 1-based row and column of the used range's first cell.
    pub first_row: u32,
    pub first_col: u32,
    /// From `first_row` on, each row's cells that hold a value, in column order. A data row
    /// keeps its row as read (`DataRow::raw` shares it): a sheet's cells are held once.
    rows: Vec<Arc<[RawCell]>>,
    /// The last column with a value (`first_col` when none), kept so that `last_col`, asked for
    /// every row, is not a scan.
    last_col: u32,
}

impl Grid {
    /// The value at a 1-based (row, column), `Empty` outside the used range.
    pub fn get(&self, row: u32, col: u32) -> &RawValue {
        static EMPTY: RawValue = RawValue::Empty;
        let cells = self.row(row);
        match cells.binary_search_by_key(&col, |c| c.cell.col) {
            Ok(i) => &cells[i].value,
            Err(_) => &EMPTY,
        }
    }

    /// A 1-based row's cells that hold a value, in column order (none outside the used range).
    pub fn row(&self, row: u32) -> &Arc<[RawCell]> {
        static NONE: std::sync::LazyLock<Arc<[RawCell]>> =
            std::sync::LazyLock::new(|| Arc::new([]));
        row.checked_sub(self.first_row)
            .and_then(|i| self.rows.get(i as usize))
            .unwrap_or(&NONE)
    }

    /// The last 1-based row (first_row - 1 when empty).
    pub fn last_row(&self) -> u32 {
        self.first_row + self.rows.len() as u32 - 1
    }

    pub fn last_col(&self) -> u32 {
        self.last_col
    }

    /// Whether no cell holds a value.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Every cell that holds a value, row by row.
    pub fn cells(&self) -> impl Iterator<Item = &RawCell> {
        self.rows.iter().flat_map(|r| r.iter())
    }
}

/// Builds a grid from cells in reading order (row by row, columns in order, as workbooks store
/// them; any other order is sorted, a later value at the same place replacing the earlier).
struct GridBuilder {
    /// The rows read, from `first_row` on.
    rows: Vec<Arc<[RawCell]>>,
    first_row: u32,
    /// The row being read.
    current: Vec<RawCell>,
    /// Cells met out of order (in a row read already, or before a column of the current row),
    /// put in place by `finish`.
    stray: Vec<RawCell>,
    /// The cells pushed.
    count: u64,
    /// The used range so far, 1-based (first row, first column, last row, last column).
    range: Option<(u32, u32, u32, u32)>,
}

impl GridBuilder {
    fn new() -> GridBuilder {
        GridBuilder {
            rows: Vec::new(),
            current: Vec::new(),
            stray: Vec::new(),
            count: 0,
            first_row: 0,
            range: None,
        }
    }

    /// A cell at 0-based (row, column); an empty value is no cell.
    fn push(&mut self, r: u32, c: u32, value: RawValue) {
        if matches!(value, RawValue::Empty) {
            return;
        }
        let (row, col) = (r + 1, c + 1);
        self.range = Some(match self.range {
            None => (row, col, row, col),
            Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
        });
        self.count += 1;
        let cell = RawCell {
            cell: CellRef { row, col },
            value,
        };
        if self.current.last().is_some_and(|last| last.cell.row != row) {
            self.flush();
        }
        self.take(cell);
    }

    fn take(&mut self, cell: RawCell) {
        let next_row = self.first_row + self.rows.len() as u32;
        let in_order = match self.current.last() {
            Some(last) => last.cell.col < cell.cell.col,
            None => self.rows.is_empty() || cell.cell.row >= next_row,
        };
        if in_order {
            self.current.push(cell);
        } else {
            self.stray.push(cell);
        }
    }

    /// The row being read goes to its place, rows without cells before it.
    fn flush(&mut self) {
        let Some(first) = self.current.first() else {
            return;
        };
        let row = first.cell.row;
        if self.rows.is_empty() {
            self.first_row = row;
        }
        let gap = row - (self.first_row + self.rows.len() as u32);
        if gap > 0 {
            let none: Arc<[RawCell]> = Arc::new([]);
            self.rows.extend(std::iter::repeat_n(none, gap as usize));
        }
        self.rows.push(self.current.drain(..).collect());
    }

    /// The used range's extent in cells (rows × columns).
    fn area(&self) -> u64 {
        self.range.map_or(0, |(r0, c0, r1, c1)| {
            (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64
        })
    }

    fn finish(mut self, name: String, hidden: bool) -> Grid {
        self.flush();
        let Some((r0, c0, r1, c1)) = self.range else {
            return Grid {
                name,
                hidden,
                first_row: 1,
                first_col: 1,
                rows: Vec::new(),
                last_col: 1,
            };
        };
        if !self.stray.is_empty() {
            self.place_strays(r0, r1);
        }
        Grid {
            name,
            hidden,
            first_row: r0,
            first_col: c0,
            rows: self.rows,
            last_col: c1,
        }
    }

    /// Cells met out of order are merged into their rows (only those rows are made again):
    /// columns in order, the last value read at a place kept.
    fn place_strays(&mut self, r0: u32, r1: u32) {
        let none: Arc<[RawCell]> = Arc::new([]);
        let mut rows = vec![none; (r1 - r0 + 1) as usize];
        let first = (self.first_row.max(r0) - r0) as usize;
        for (i, row) in std::mem::take(&mut self.rows).into_iter().enumerate() {
            rows[first + i] = row;
        }
        let mut strays = std::mem::take(&mut self.stray);
        // Stable: a row's strays stay in reading order.
        strays.sort_by_key(|c| c.cell.row);
        for group in strays.chunk_by(|a, b| a.cell.row == b.cell.row) {
            let slot = &mut rows[(group[0].cell.row - r0) as usize];
            let mut cells: Vec<RawCell> =
                slot.iter().cloned().chain(group.iter().cloned()).collect();
            // Stable: of cells at one place, the one read last ends up last.
            cells.sort_by_key(|c| c.cell.col);
            let mut kept: Vec<RawCell> = Vec::with_capacity(cells.len());
            for c in cells {
                match kept.last_mut() {
                    Some(k) if k.cell.col == c.cell.col => *k = c,
                    _ => kept.push(c),
                }
            }
            *slot = kept.into();
        }
        self.rows = rows;
        self.first_row = r0;
    }
}

/// A workbook's sheets, or the reason the whole file is rejected.
pub struct Opened {
    /// sha256 of the file's bytes (hex).
    pub sha256: String,
    pub grids: Vec<Grid>,
    /// Sheet-level problems (too large); those sheets are left out of `grids`.
    pub findings: Vec<Finding>,
}

fn file_error(code: Code, shown: &str, text: Text) -> Box<Finding> {
    Box::new(Finding::new(code, Location::file(shown), text.into()))
}

/// What the bytes of a file are.
enum Container {
    /// An OLE compound file: .xls, or an encrypted OOXML package.
    Ole {
        encrypted: bool,
    },
    /// A zip archive with the parts of a workbook.
    Zip {
        kind: ZipKind,
        uncompressed: u64,
    },
    /// A zip archive that holds no workbook.
    OtherZip,
    Unknown,
}

#[derive(Clone, Copy)]
enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
}

fn sniff(bytes: &[u8]) -> Container {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(&OLE) {
        // The stream name "EncryptedPackage" (UTF-16) marks an encrypted OOXML package.
        let needle: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let encrypted = bytes.windows(needle.len()).any(|w| w == needle.as_slice());
        return Container::Ole { encrypted };
    }
    if !bytes.starts_with(b"PK") {
        return Container::Unknown;
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Container::Unknown;
    };
    let mut uncompressed: u64 = 0;
    let mut kind = None;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            return Container::Unknown;
        };
        uncompressed = uncompressed.saturating_add(entry.size());
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        match name.as_str() {
            "xl/workbook.xml" => kind = Some(ZipKind::Xlsx),
            "xl/workbook.bin" => kind = Some(ZipKind::Xlsb),
            "content.xml" if kind.is_none() => kind = Some(ZipKind::Ods),
            _ => {}
        }
    }
    match kind {
        Some(kind) => Container::Zip { kind, uncompressed },
        None => Container::OtherZip,
    }
}

fn encrypted_finding(shown: &str) -> Box<Finding> {
    file_error(Code::FileEncrypted, shown, Text::FileEncrypted)
}

fn unreadable(shown: &str, text: Text) -> Box<Finding> {
    file_error(Code::FileUnreadable, shown, text)
}

fn convert(value: &Data, texts: &mut Texts, limits: &Limits) -> RawValue {
    match value {
        Data::Empty => RawValue::Empty,
        Data::Int(i) => RawValue::Number(*i as f64),
        Data::Float(f) => RawValue::Number(*f),
        Data::String(s) => texts.value(s, limits),
        Data::Bool(b) => RawValue::Bool(*b),
        Data::DateTime(d) => RawValue::Date(format!("{}", d.as_f64()).into()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawValue::Date(s.as_str().into()),
        Data::Error(e) => RawValue::Error(format!("{e}").into()),
    }
}

/// Opens `path` and reads every sheet. `Err` is the file-level finding that rejects the file.
/// The file is read once, into memory, after its size is checked against the limit.
pub fn open(path: &Path, shown: &str, limits: &Limits) -> Result<Opened, Box<Finding>> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let error = e.to_string();
        unreadable(shown, Text::FileCannotOpen { error })
    })?;
    if meta.len() > limits.max_file_bytes {
        return Err(too_large(shown, meta.len(), limits));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.max_file_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            let error = e.to_string();
            unreadable(shown, Text::FileCannotRead { error })
        })?;
    open_bytes(bytes, shown, limits)
}

/// Reads a workbook from its bytes (the format is told by its content, not its name).
pub fn open_bytes(bytes: Vec<u8>, shown: &str, limits: &Limits) -> Result<Opened, Box<Finding>> {
    // calamine can panic on a damaged file (seen by the fuzzer: an assertion in its OLE reader).
    // Such a panic is caught here and the file is rejected as damaged, like any unreadable file.
    match guarded(|| parse_bytes(bytes, shown, limits)) {
        Ok(result) => result,
        Err(_) => Err(unreadable(shown, Text::ReaderFailed)),
    }
}

thread_local! {
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True while calamine runs on this thread: a panic there is caught and reported as a damaged
/// file, so a panic hook may stay silent about it.
pub fn in_reader() -> bool {
    IN_READER.with(|f| f.get())
}

fn guarded<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    IN_READER.with(|flag| flag.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_READER.with(|flag| flag.set(false));
    result
}

/// Installs a panic hook that says nothing about panics inside the reader (they become
/// `file-unreadable` findings) and behaves as the previous hook for every other panic.
pub fn quiet_reader_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !in_reader() {
            previous(info);
        }
    }));
}

/// The size limit's finding for a file of `bytes` bytes.
fn too_large(shown: &str, bytes: u64, limits: &Limits) -> Box<Finding> {
    let limit = limits.max_file_bytes;
    file_error(
        Code::FileTooLarge,
        shown,
        Text::FileTooLarge { bytes, limit },
    )
}

fn parse_bytes(bytes: Vec<u8>, shown: &str, limits: &Limits) -> Result<Opened, Box<Finding>> {
    if bytes.is_empty() {
        return Err(unreadable(shown, Text::FileEmpty));
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(shown, bytes.len() as u64, limits));
    }
    let sha256 = crate::core::sha256_hex(&bytes);
    let mut workbook = open_container(bytes, shown, limits)?;
    let (grids, findings) = read_sheets(&mut workbook, shown, limits);
    Ok(Opened {
        sha256,
        grids,
        findings,
    })
}

/// Opens the workbook by what its bytes are, after the checks that must come before calamine:
/// encryption, the extent of an .xls's sheets, the unpacked size of a zip package.
fn open_container(
    bytes: Vec<u8>,
    shown: &str,
    limits: &Limits,
) -> Result<Sheets<Cursor<Vec<u8>>>, Box<Finding>> {
    let container = sniff(&bytes);
    let cursor = Cursor::new(bytes);
    let opened: Result<Sheets<Cursor<Vec<u8>>>, calamine::Error> = match container {
        Container::Ole { encrypted: true } => return Err(encrypted_finding(shown)),
        Container::Ole { encrypted: false } => {
            check_xls_extent(cursor.get_ref(), shown, limits)?;
            open_workbook_from_rs::<Xls<_>, _>(cursor)
                .map(Sheets::Xls)
                .map_err(calamine::Error::Xls)
        }
        Container::Zip { uncompressed, .. } if uncompressed > limits.max_uncompressed_bytes => {
            let limit = limits.max_uncompressed_bytes;
            let text = Text::UnpackedTooLarge {
                bytes: uncompressed,
                limit,
            };
            return Err(file_error(Code::FileTooLarge, shown, text));
        }
        Container::Zip { kind, .. } => open_zip(kind, cursor),
        Container::OtherZip => return Err(unreadable(shown, Text::ZipWithoutWorkbook)),
        Container::Unknown => return Err(unreadable(shown, Text::NotAWorkbook)),
    };
    opened.map_err(|e| refused(e, shown))
}

/// An .xls is scanned before calamine opens it: a malformed container is refused as damaged, a
/// sheet spanning more cells than the limit refuses the whole file.
fn check_xls_extent(bytes: &[u8], shown: &str, limits: &Limits) -> Result<(), Box<Finding>> {
    match xls_extent(bytes, limits) {
        Err(()) => Err(unreadable(shown, Text::XlsMalformed)),
        Ok(Some(extent)) => {
            let limit = limits.max_cells_per_sheet;
            let text = Text::XlsSheetTooLarge { extent, limit };
            Err(file_error(Code::SheetTooLarge, shown, text))
        }
        Ok(None) => Ok(()),
    }
}

fn open_zip(
    kind: ZipKind,
    cursor: Cursor<Vec<u8>>,
) -> Result<Sheets<Cursor<Vec<u8>>>, calamine::Error> {
    match kind {
        ZipKind::Xlsx => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map(Sheets::Xlsx)
            .map_err(calamine::Error::Xlsx),
        ZipKind::Xlsb => open_workbook_from_rs::<Xlsb<_>, _>(cursor)
            .map(Sheets::Xlsb)
            .map_err(calamine::Error::Xlsb),
        ZipKind::Ods => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map(Sheets::Ods)
            .map_err(calamine::Error::Ods),
    }
}

/// The finding for a workbook calamine refused: password-protected, or damaged.
fn refused(e: calamine::Error, shown: &str) -> Box<Finding> {
    let password = matches!(
        e,
        calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Xlsx(calamine::XlsxError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    );
    if password {
        return encrypted_finding(shown);
    }
    let error = e.to_string();
    file_error(Code::FileUnreadable, shown, Text::WorkbookDamaged { error })
}

/// Every sheet as a grid; a sheet that cannot be read or is too large is left out, with its
/// finding.
fn read_sheets(
    workbook: &mut Sheets<Cursor<Vec<u8>>>,
    shown: &str,
    limits: &Limits,
) -> (Vec<Grid>, Vec<Finding>) {
    let sheets: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != SheetVisible::Visible))
        .collect();
    let mut grids = Vec::new();
    let mut findings = Vec::new();
    for (name, hidden) in sheets {
        // Non-empty cells, in reading order, into rows. For .xlsx the cells are streamed, so that a
        // sheet whose used range is huge (a cell at XFD1048576) is refused before anything dense is
        // allocated; .xls and .ods come from calamine's range (bounded by the format and the
        // uncompressed size).
        let read = match &mut *workbook {
            Sheets::Xlsx(x) => stream_xlsx(x, &name, limits),
            other => range_cells(other, &name, limits),
        };
        match read {
            Ok(cells) => {
                let grid = cells.finish(name, hidden);
                findings.extend(long_cells(&grid, shown, limits));
                grids.push(grid);
            }
            Err(e) => findings.push(sheet_finding(e, shown, &name, limits)),
        }
    }
    (grids, findings)
}

/// The non-empty cells of a sheet from calamine's range (.xls, .xlsb, .ods).
fn range_cells(
    workbook: &mut Sheets<Cursor<Vec<u8>>>,
    name: &str,
    limits: &Limits,
) -> Result<GridBuilder, SheetError> {
    let range = workbook
        .worksheet_range(name)
        .map_err(|e| SheetError::Unreadable(e.to_string()))?;
    let (h, w) = range.get_size();
    let end = range.end().unwrap_or((0, 0));
    if h as u64 * w as u64 > limits.max_cells_per_sheet {
        return Err(SheetError::TooLarge(format!("{h} × {w}")));
    }
    if end.0 >= MAX_ROWS || end.1 >= MAX_COLS {
        return Err(SheetError::TooLarge(
            "beyond Excel's last cell XFD1048576".to_string(),
        ));
    }
    let mut texts = Texts::new();
    let mut cells = GridBuilder::new();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        cells.push(r as u32 + r0, c as u32 + c0, convert(v, &mut texts, limits));
    }
    Ok(cells)
}

/// The finding of a sheet that is not read.
fn sheet_finding(error: SheetError, shown: &str, name: &str, limits: &Limits) -> Finding {
    let location = Location {
        file: Some(shown.to_string()),
        sheet: Some(name.to_string()),
        ..Location::default()
    };
    match error {
        SheetError::Unreadable(error) => Finding::new(
            Code::FileUnreadable,
            location,
            Text::SheetUnreadable { error }.into(),
        ),
        SheetError::TooLarge(extent) => {
            let limit = limits.max_cells_per_sheet;
            let text = Text::SheetTooLarge { extent, limit };
            Finding::new(Code::SheetTooLarge, location, text.into())
        }
    }
}

/// A finding for each text cell longer than the limit (only its length was kept).
fn long_cells(grid: &Grid, shown: &str, limits: &Limits) -> Vec<Finding> {
    let limit = limits.max_cell_chars;
    grid.cells()
        .filter_map(|c| match c.value {
            RawValue::TooLong(chars) => Some(Finding::new(
                Code::CellTooLong,
                Location::cell(shown, &grid.name, c.cell),
                Text::CellTooLong { chars, limit }.into(),
            )),
            _ => None,
        })
        .collect()
}

/// Excel's own bounds (0-based exclusive): 1,048,576 rows, 16,384 columns. A cell beyond them is a
/// damaged or hostile file, and positions stay far from u32 overflow.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;

enum SheetError {
    Unreadable(String),
    TooLarge(String),
}

/// Streams the non-empty cells of an .xlsx sheet, refusing it as soon as it holds more cells than
/// the limit or its used range spans more.
fn stream_xlsx(
    x: &mut Xlsx<Cursor<Vec<u8>>>,
    name: &str,
    limits: &Limits,
) -> Result<GridBuilder, SheetError> {
    let mut cells = GridBuilder::new();
    let mut reader = match x.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(cells),
        Err(e) => return Err(SheetError::Unreadable(e.to_string())),
    };
    let mut texts = Texts::new();
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err(SheetError::Unreadable(e.to_string())),
        };
        let (r, c) = cell.get_position();
        if r >= MAX_ROWS || c >= MAX_COLS {
            return Err(SheetError::TooLarge(format!(
                "{}{}, beyond Excel's last cell XFD1048576",
                CellRef::column_letters(c.saturating_add(1)),
                r as u64 + 1
            )));
        }
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => texts.value(s, limits),
            DataRef::String(s) => texts.value(s, limits),
            DataRef::Int(i) => RawValue::Number(*i as f64),
            DataRef::Float(f) => RawValue::Number(*f),
            DataRef::Bool(b) => RawValue::Bool(*b),
            DataRef::DateTime(d) => RawValue::Date(format!("{}", d.as_f64()).into()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => RawValue::Date(s.as_str().into()),
            DataRef::Error(e) => RawValue::Error(format!("{e}").into()),
        };
        cells.push(r, c, value);
        if cells.count > limits.max_cells_per_sheet || cells.area() > limits.max_cells_per_sheet {
            let (r0, c0, r1, c1) = cells.range.unwrap_or_default();
            return Err(SheetError::TooLarge(format!(
                "{}{}:{}{}",
                CellRef::column_letters(c0),
                r0,
                CellRef::column_letters(c1),
                r1
            )));
        }
    }
    Ok(cells)
}

/// The texts of a sheet met lately: a text that many rows repeat (a commune's name, a level, a
/// type word) is one allocation for all of them.
#[derive(Default)]
struct Texts(Recent<str, { Texts::SLOTS }>);

impl Texts {
    /// Slots: a few times the distinct texts of a real table, 64 KiB.
    const SLOTS: usize = 4096;

    fn new() -> Texts {
        Texts::default()
    }

    fn value(&mut self, s: &str, limits: &Limits) -> RawValue {
        let chars = s.chars().count() as u64;
        if chars > limits.max_cell_chars {
            return RawValue::TooLong(chars);
        }
        let hash = rustc_hash::FxBuildHasher.hash_one(s);
        RawValue::Text(self.0.get_or_make(hash, |t| t == s, || s.into()))
    }
}

/// The used range of the first sheet of an .xls whose cells span more than the limit, found by
/// scanning the BIFF records before calamine (which allocates every sheet's used range densely
/// while opening the file: a small file with one cell far away would take gigabytes).
/// `Err` when the OLE container itself is malformed (calamine's own reader is laxer and has been
/// seen to panic or allocate without bound on such files).
fn xls_extent(bytes: &[u8], limits: &Limits) -> Result<Option<String>, ()> {
    let data = workbook_stream(bytes)?;
    for start in sheet_starts(&data) {
        if let Some(what) = sheet_too_large(&data, start, limits) {
            return Ok(Some(what));
        }
    }
    Ok(None)
}

/// The workbook stream of an OLE compound file ("Workbook", or "Book" in old files).
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, ()> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|_| ())?;
    let Some(name) = ["/Workbook", "/Book"].into_iter().find(|n| cf.exists(n)) else {
        return Err(());
    };
    let mut data = Vec::new();
    cf.open_stream(name)
        .map_err(|_| ())?
        .read_to_end(&mut data)
        .map_err(|_| ())?;
    Ok(data)
}

/// The BIFF record at `pos`: its type and body, `None` past the end or when cut short.
fn biff_record(data: &[u8], pos: usize) -> Option<(u16, &[u8])> {
    let head = data.get(pos..pos + 4)?;
    let typ = u16::from_le_bytes([head[0], head[1]]);
    let len = u16::from_le_bytes([head[2], head[3]]) as usize;
    Some((typ, data.get(pos + 4..pos + 4 + len)?))
}

/// A little-endian u16 at `i` of a record's body.
fn u16_at(b: &[u8], i: usize) -> Option<u32> {
    b.get(i..i + 2)
        .map(|x| u16::from_le_bytes([x[0], x[1]]) as u32)
}

/// Where each sheet's records start. Like calamine: where the BoundSheet8 records of the globals
/// say.
fn sheet_starts(data: &[u8]) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut pos = 0;
    while let Some((typ, body)) = biff_record(data, pos) {
        pos += 4 + body.len();
        match typ {
            0x0085 => {
                if let Some(b) = body.get(0..4) {
                    starts.push(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    starts
}

/// First row, first column, last row, last column (0-based) of the cells seen so far.
type Extent = (u32, u32, u32, u32);

fn grow(e: &mut Option<Extent>, r: u32, c0: u32, c1: u32) {
    *e = Some(match *e {
        None => (r, c0, r, c1),
        Some((a, b, c, d)) => (a.min(r), b.min(c0), c.max(r), d.max(c1)),
    });
}

/// The sheet starting at `start`, when it declares or spans more cells than the limit: what it
/// spans, in words.
fn sheet_too_large(data: &[u8], start: usize, limits: &Limits) -> Option<String> {
    let mut extent: Option<Extent> = None;
    let mut pos = start;
    let mut records = 0usize;
    while let Some((typ, body)) = biff_record(data, pos) {
        pos += 4 + body.len();
        records += 1;
        match typ {
            0x000A if records > 1 => break,
            // LABELSST, NUMBER, RK, BLANK, BOOLERR, FORMULA, LABEL, RSTRING: row, column.
            0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0205 | 0x0006 | 0x0204 | 0x00D6 => {
                if let (Some(r), Some(c)) = (u16_at(body, 0), u16_at(body, 2)) {
                    grow(&mut extent, r, c, c);
                }
            }
            // DIMENSIONS: calamine reserves rows × columns cells from it, as declared.
            0x0200 => {
                if let Some(what) = declared_too_large(body, limits) {
                    return Some(what);
                }
            }
            // MULRK, MULBLANK: row, first column, ..., last column.
            0x00BD | 0x00BE if body.len() >= 6 => {
                if let (Some(r), Some(c0), Some(c1)) = (
                    u16_at(body, 0),
                    u16_at(body, 2),
                    u16_at(body, body.len() - 2),
                ) {
                    grow(&mut extent, r, c0.min(c1), c0.max(c1));
                }
            }
            _ => {}
        }
    }
    extent_too_large(extent, limits)
}

/// The extent in A1 notation when it covers more cells than the limit.
fn extent_too_large(extent: Option<Extent>, limits: &Limits) -> Option<String> {
    let (r0, c0, r1, c1) = extent?;
    let area = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
    (area > limits.max_cells_per_sheet).then(|| {
        format!(
            "{}{}:{}{}",
            CellRef::column_letters(c0 + 1),
            r0 + 1,
            CellRef::column_letters(c1 + 1),
            r1 + 1
        )
    })
}

/// A DIMENSIONS record declaring more cells than the limit, computed as calamine 0.38 does
/// (`parse_dimensions`, then `(last - first + 1)` rows and columns, wrapping as a release build).
fn declared_too_large(r: &[u8], limits: &Limits) -> Option<String> {
    let u16_at = |i: usize| {
        r.get(i..i + 2)
            .map(|x| u16::from_le_bytes([x[0], x[1]]) as u32)
    };
    let u32_at = |i: usize| {
        r.get(i..i + 4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    };
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?),
        14 | 16 => (u32_at(0)?, u32_at(4)?, u16_at(8)?, u16_at(10)?),
        _ => return None,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    let (start, end) = if 1 <= rl && 1 <= cl {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1) as u64;
    let cols = end.1.wrapping_sub(start.1).wrapping_add(1) as u64;
    let cells = rows.saturating_mul(cols);
    (cells > limits.max_cells_per_sheet).then(|| format!("{rows} × {cols} cells (declared)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_give_each_text_as_written_and_share_repeats() {
        let limits = Limits::default();
        let mut texts = Texts::new();
        let text = |v: RawValue| match v {
            RawValue::Text(t) => t,
            other => panic!("{other:?}"),
        };
        // More texts than slots: a slot is shared by texts, the last one kept.
        let written: Vec<String> = (0..3 * Texts::SLOTS).map(|i| format!("Xã {i}")).collect();
        for _ in 0..2 {
            for w in &written {
                assert_eq!(&*text(texts.value(w, &limits)), w.as_str());
            }
        }
        let a = text(texts.value("Mức 2", &limits));
        let b = text(texts.value("Mức 2", &limits));
        assert!(Arc::ptr_eq(&a, &b));
        let long = "x".repeat(limits.max_cell_chars as usize + 1);
        assert_eq!(
            texts.value(&long, &limits),
            RawValue::TooLong(long.len() as u64)
        );
    }

    #[test]
    fn a_grid_holds_cells_read_out_of_order_in_place_the_last_value_kept() {
        let n = |x: f64| RawValue::Number(x);
        let mut b = GridBuilder::new();
        // 0-based places: row 4 (B5, D5), row 2 (C3) after it, row 4 again (C5, then D5 anew),
        // an empty value (no cell), row 7 (A8), row 8 (C9 before B9).
        for (r, c, v) in [
            (4, 1, n(1.0)),
            (4, 3, n(2.0)),
            (2, 2, n(3.0)),
            (4, 2, n(4.0)),
            (4, 3, n(5.0)),
            (5, 0, RawValue::Empty),
            (7, 0, n(6.0)),
            (8, 2, n(7.0)),
            (8, 1, n(8.0)),
        ] {
            b.push(r, c, v);
        }
        assert_eq!((b.count, b.area()), (8, 7 * 4));
        let g = b.finish("Tong hop".into(), false);
        assert_eq!(
            (g.first_row, g.first_col, g.last_row(), g.last_col()),
            (3, 1, 9, 4)
        );
        assert_eq!(g.get(3, 3), &n(3.0));
        assert_eq!(g.get(5, 2), &n(1.0));
        assert_eq!(g.get(5, 3), &n(4.0));
        assert_eq!(g.get(5, 4), &n(5.0));
        assert_eq!(g.get(8, 1), &n(6.0));
        assert_eq!((g.get(9, 2), g.get(9, 3)), (&n(8.0), &n(7.0)));
        for (row, col) in [(6, 1), (4, 1), (2, 3), (10, 1), (5, 5), (5, 1), (9, 1)] {
            assert_eq!(g.get(row, col), &RawValue::Empty, "{row}, {col}");
        }
        let places: Vec<(u32, u32)> = g.cells().map(|c| (c.cell.row, c.cell.col)).collect();
        assert_eq!(
            places,
            [(3, 3), (5, 2), (5, 3), (5, 4), (8, 1), (9, 2), (9, 3)]
        );
        assert!(GridBuilder::new().finish("Trống".into(), true).is_empty());
    }

    proptest::proptest! {
        /// Whatever the order of the cells, the grid holds the last value read at each place,
        /// rows and columns in order, and the used range of the values.
        #[test]
        fn a_grid_is_the_last_value_read_at_each_place(
            cells in proptest::collection::vec((0u32..12, 0u32..6, 0u8..4), 0..60)
        ) {
            let value = |k: u8| match k {
                0 => RawValue::Empty,
                k => RawValue::Number(k as f64),
            };
            let mut b = GridBuilder::new();
            let mut model = std::collections::BTreeMap::new();
            for &(r, c, k) in &cells {
                b.push(r, c, value(k));
                if k > 0 {
                    model.insert((r + 1, c + 1), value(k));
                }
            }
            let g = b.finish("Tong hop".into(), false);
            let got: Vec<((u32, u32), RawValue)> =
                g.cells().map(|c| ((c.cell.row, c.cell.col), c.value.clone())).collect();
            let want: Vec<((u32, u32), RawValue)> = model.clone().into_iter().collect();
            proptest::prop_assert_eq!(got, want);
            for r in 0..14 {
                for c in 0..8 {
                    let want = model.get(&(r, c)).unwrap_or(&RawValue::Empty);
                    proptest::prop_assert_eq!(g.get(r, c), want);
                }
            }
            if let (Some(&(r0, _)), Some(&(r1, _))) = (model.keys().next(), model.keys().last()) {
                let c0 = model.keys().map(|k| k.1).min().unwrap_or(0);
                let c1 = model.keys().map(|k| k.1).max().unwrap_or(0);
                proptest::prop_assert_eq!(
                    (g.first_row, g.first_col, g.last_row(), g.last_col()),
                    (r0, c0, r1, c1)
                );
            } else {
                proptest::prop_assert!(g.is_empty());
            }
        }
    }
}
