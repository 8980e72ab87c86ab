//! egov-etl: e-government evaluation data of Vietnamese districts and communes (Decision
//! 2392/QĐ-BTTTT), from the workbooks districts send to Parquet and CSV snapshots analysts trust.
//!
//! One-way flow: ingest → normalize → validate → classify → emit, driven by `run`.
//! `core` is pure (no I/O); `cli` is the only module that prints or parses arguments.

pub mod core;
pub mod finding;
pub mod gazetteer;
pub mod pipeline;

pub mod classify;
pub mod cli;
pub mod compare;
pub mod emit;
pub mod ingest;
pub mod normalize;
pub mod run;
pub mod validate;
