//! Any bytes as a workbook: the reader must never panic, and a file it cannot read is one located
//! finding. Seeds: the committed workbooks (see fuzz/README.md).
#![no_main]

use egov_etl::finding::Code;
use egov_etl::ingest;
use egov_etl::pipeline::{Aliases, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // libfuzzer-sys aborts on every panic. Panics inside calamine are caught by the reader and
    // reported as a damaged file, so let those pass; any other panic still aborts.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(ingest::workbook::quiet_reader_panics);
    // Small limits keep every input cheap (a fuzzer's decompression bombs included).
    let limits = Limits { max_file_bytes: 1 << 20, max_uncompressed_bytes: 16 << 20, max_cells_per_sheet: 200_000, max_cell_chars: 10_000 };
    let mut findings = Vec::new();
    let wb = ingest::read_bytes(data.to_vec(), "fuzz.xlsx", &limits, &Aliases::default(), &mut findings);
    if wb.rejected {
        assert!(findings.iter().any(|f| matches!(f.code, Code::FileUnreadable | Code::FileEncrypted | Code::FileTooLarge | Code::SheetTooLarge)));
        assert!(wb.tables.is_empty());
    }
    // Row accounting: data rows + passed over never exceed rows read.
    let data_rows: u64 = wb.tables.iter().map(|t| t.rows.len() as u64).sum();
    assert_eq!(wb.rows_read, data_rows + wb.rows_passed);
});
