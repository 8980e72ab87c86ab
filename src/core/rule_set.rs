//! Rule sets: for one (province, evaluation year, unit level, dimension), the maximum score and the
//! cut-offs of levels I..IV. Classification of a score is here and nowhere else.

use super::level::Level;
use super::unit::{Dimension, UnitLevel};

/// Tolerance for comparing scores with cut-offs (scores carry 2 decimals).
const EPS: f64 = 1e-9;

/// How the cut-offs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutoffKind {
    /// In points of the maximum.
    Points,
    /// In percent of the applicable maximum.
    Percent,
}

/// Whether the cut-offs come from a legal text or were fitted to published results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleStatus {
    Official,
    Fitted,
}

impl RuleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleStatus::Official => "official",
            RuleStatus::Fitted => "fitted",
        }
    }
}

/// A rule set, checked on construction.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// A stable identifier, e.g. "56-2020-commune-readiness".
    pub id: String,
    pub province_code: String,
    pub year: i32,
    pub unit_level: UnitLevel,
    pub dimension: Dimension,
    pub maximum: f64,
    pub kind: CutoffKind,
    /// Cut-offs of levels I, II, III, IV (score >= cut-off), strictly decreasing.
    pub cutoffs: [f64; 4],
    pub status: RuleStatus,
    pub basis: String,
}

/// Why a rule set was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleSetError {
    MaximumNotPositive(f64),
    CutoffAboveMaximum {
        level: Level,
        cutoff: f64,
        limit: f64,
    },
    CutoffNegative {
        level: Level,
        cutoff: f64,
    },
    CutoffsOutOfOrder {
        better: Level,
        worse: Level,
    },
}

impl std::fmt::Display for RuleSetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RuleSetError::MaximumNotPositive(m) => {
                write!(f, "the maximum {m} must be a finite number above 0")
            }
            RuleSetError::CutoffAboveMaximum {
                level,
                cutoff,
                limit,
            } => {
                write!(
                    f,
                    "the cut-off of level {level} ({cutoff}) is above {limit}"
                )
            }
            RuleSetError::CutoffNegative { level, cutoff } => {
                write!(
                    f,
                    "the cut-off of level {level} ({cutoff}) is negative or not finite"
                )
            }
            RuleSetError::CutoffsOutOfOrder { better, worse } => write!(
                f,
                "cut-offs out of order: level {better} must need more than level {worse}"
            ),
        }
    }
}

impl RuleSet {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        province_code: &str,
        year: i32,
        unit_level: UnitLevel,
        dimension: Dimension,
        maximum: f64,
        kind: CutoffKind,
        cutoffs: [f64; 4],
        status: RuleStatus,
        basis: &str,
    ) -> Result<RuleSet, RuleSetError> {
        if !maximum.is_finite() || maximum <= 0.0 {
            return Err(RuleSetError::MaximumNotPositive(maximum));
        }
        let limit = match kind {
            CutoffKind::Points => maximum,
            CutoffKind::Percent => 100.0,
        };
        let levels = [Level::I, Level::II, Level::III, Level::IV];
        for (level, cutoff) in levels.iter().zip(cutoffs) {
            if !cutoff.is_finite() || cutoff < 0.0 {
                return Err(RuleSetError::CutoffNegative {
                    level: *level,
                    cutoff,
                });
            }
            if cutoff > limit + EPS {
                return Err(RuleSetError::CutoffAboveMaximum {
                    level: *level,
                    cutoff,
                    limit,
                });
            }
        }
        for i in 0..3 {
            if cutoffs[i] <= cutoffs[i + 1] {
                return Err(RuleSetError::CutoffsOutOfOrder {
                    better: levels[i],
                    worse: levels[i + 1],
                });
            }
        }
        Ok(RuleSet {
            id: format!(
                "{province_code}-{year}-{}-{}",
                unit_level.as_str(),
                dimension.key()
            ),
            province_code: province_code.to_string(),
            year,
            unit_level,
            dimension,
            maximum,
            kind,
            cutoffs,
            status,
            basis: basis.to_string(),
        })
    }

    /// The cut-offs in points for a unit whose applicable maximum is `applicable_max`
    /// (the maximum when `None`).
    pub fn cutoff_points(&self, applicable_max: Option<f64>) -> [f64; 4] {
        let max = applicable_max.unwrap_or(self.maximum);
        match self.kind {
            CutoffKind::Percent => self.cutoffs.map(|p| p * max / 100.0),
            CutoffKind::Points => self.cutoffs.map(|c| c * max / self.maximum),
        }
    }

    /// The best level whose cut-off the score reaches (`>=`); "Không xếp hạng" below level IV.
    pub fn classify(&self, score: f64, applicable_max: Option<f64>) -> Level {
        let cut = self.cutoff_points(applicable_max);
        let levels = [Level::I, Level::II, Level::III, Level::IV];
        for (level, c) in levels.into_iter().zip(cut) {
            if score + EPS >= c {
                return level;
            }
        }
        Level::NotRanked
    }

    /// The level of a percentage of the applicable maximum (full scoring tables).
    pub fn classify_percent(&self, percent: f64) -> Level {
        self.classify(percent * self.maximum / 100.0, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readiness() -> RuleSet {
        RuleSet::new(
            "56",
            2020,
            UnitLevel::Commune,
            Dimension::Readiness,
            30.0,
            CutoffKind::Percent,
            [90.0, 80.0, 75.0, 70.0],
            RuleStatus::Official,
            "2392/QĐ-BTTTT",
        )
        .expect("valid")
    }

    #[test]
    fn boundaries_take_the_better_level() {
        let r = readiness();
        assert_eq!(r.classify(27.0, None), Level::I);
        assert_eq!(r.classify(26.99, None), Level::II);
        assert_eq!(r.classify(24.0, None), Level::II);
        assert_eq!(r.classify(22.5, None), Level::III);
        assert_eq!(r.classify(21.0, None), Level::IV);
        assert_eq!(r.classify(20.99, None), Level::NotRanked);
        assert_eq!(r.classify_percent(90.0), Level::I);
        // An applicable maximum of 20 scales the cut-offs: 18 is 90 %.
        assert_eq!(r.classify(18.0, Some(20.0)), Level::I);
    }

    #[test]
    fn bad_rule_sets_are_refused() {
        let mk = |max: f64, kind, cut: [f64; 4]| {
            RuleSet::new(
                "56",
                2020,
                UnitLevel::Commune,
                Dimension::Achieved,
                max,
                kind,
                cut,
                RuleStatus::Fitted,
                "",
            )
        };
        assert!(matches!(
            mk(0.0, CutoffKind::Points, [4.0, 3.0, 2.0, 1.0]),
            Err(RuleSetError::MaximumNotPositive(_))
        ));
        assert!(matches!(
            mk(60.0, CutoffKind::Points, [61.0, 50.0, 40.0, 30.0]),
            Err(RuleSetError::CutoffAboveMaximum { .. })
        ));
        assert!(matches!(
            mk(60.0, CutoffKind::Percent, [101.0, 50.0, 40.0, 30.0]),
            Err(RuleSetError::CutoffAboveMaximum { .. })
        ));
        assert!(matches!(
            mk(60.0, CutoffKind::Points, [54.0, 55.0, 40.0, 30.0]),
            Err(RuleSetError::CutoffsOutOfOrder { .. })
        ));
        assert!(mk(60.0, CutoffKind::Points, [54.0, 50.1, 43.5, 30.0]).is_ok());
    }
}
