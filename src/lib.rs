//! egov-etl: e-government evaluation data of Vietnamese districts and communes (Decision
//! 2392/QĐ-BTTTT), from the workbooks districts send to Parquet and CSV snapshots analysts trust.
//!
//! One-way flow, one module per stage: `ingest` → `normalize` → `validate` → `classify` → `emit`,
//! driven by `run` for one year at a time (`compare` checks the result against the published
//! decision, `audit` the published levels against any threshold rule). `core` is pure (no I/O); `cli` is the only module that prints or parses arguments.
//! Without the default `snapshots` feature the library holds the readers and checks only (no polars),
//! which is what the fuzz targets build.

pub mod core;
pub mod crosswalk;
pub mod finding;
pub mod gazetteer;
pub mod maps;
pub mod pipeline;
pub mod words;

pub mod audit;
pub mod batch;
pub mod classify;
pub mod compare;
pub mod ingest;
pub mod normalize;
pub mod validate;

#[cfg(feature = "snapshots")]
pub mod annex;
#[cfg(feature = "snapshots")]
pub mod cli;
#[cfg(feature = "snapshots")]
pub mod emit;
#[cfg(feature = "snapshots")]
pub mod html;
#[cfg(feature = "snapshots")]
pub mod lock;
#[cfg(feature = "snapshots")]
pub mod report;
#[cfg(feature = "snapshots")]
pub mod run;
#[cfg(feature = "snapshots")]
pub mod snapshot;
