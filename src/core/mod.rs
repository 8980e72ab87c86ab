//! The shared core: levels, units, dimensions, rule sets, ranking, collation and text keys.
//! Pure: no files, no clock, no serde, no polars, no calamine.

pub mod audit;
pub mod collation;
pub mod level;
pub mod ranking;
pub mod rule_set;
pub mod text;
pub mod unit;

pub use level::Level;
pub use rule_set::{CutoffKind, RuleSet, RuleStatus};
pub use unit::{Dimension, UnitLevel, UnitType};
