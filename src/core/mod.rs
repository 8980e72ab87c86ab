//! The shared core: levels, units, dimensions, rule sets, ranking, collation and text keys; a
//! bounded cache of values met lately (`recent`).
//! Pure: no files, no clock, no serde, no polars, no calamine.

pub mod audit;
pub mod collation;
pub mod level;
pub mod ranking;
pub mod recent;
pub mod rule_set;
pub mod text;
pub mod unit;

pub use level::Level;
pub use rule_set::{CutoffKind, RuleSet, RuleStatus};
pub use unit::{Dimension, UnitLevel, UnitType};

/// Lower-case hex of bytes (a digest).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case hex SHA-256 of bytes: the fingerprint of an input file or a configuration.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}
