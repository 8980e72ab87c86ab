//! Ranking of districts (Phụ lục I) and the annex order of communes (Phụ lục II).

use std::cmp::Ordering;

use super::collation::cmp_vi;
use super::level::Level;
use super::unit::UnitType;

/// One key of the configurable district ordering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankKey {
    /// Achieved level, best first.
    AchievedLevel,
    /// Readiness level, best first.
    ReadinessLevel,
    /// Achieved score, descending.
    AchievedScore,
    /// Readiness score, descending.
    ReadinessScore,
    /// Achieved + readiness, descending.
    Total,
}

impl RankKey {
    pub fn parse(s: &str) -> Option<RankKey> {
        match s {
            "achieved_level" => Some(RankKey::AchievedLevel),
            "readiness_level" => Some(RankKey::ReadinessLevel),
            "achieved_score" => Some(RankKey::AchievedScore),
            "readiness_score" => Some(RankKey::ReadinessScore),
            "total" => Some(RankKey::Total),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RankKey::AchievedLevel => "achieved_level",
            RankKey::ReadinessLevel => "readiness_level",
            RankKey::AchievedScore => "achieved_score",
            RankKey::ReadinessScore => "readiness_score",
            RankKey::Total => "total",
        }
    }
}

/// What ranking needs to know of a district.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankInput {
    pub achieved_score: f64,
    pub achieved_level: Level,
    pub readiness_score: f64,
    pub readiness_level: Level,
}

/// Compares two districts by the configured keys; equal on every key means a shared rank.
pub fn cmp_rank(keys: &[RankKey], a: &RankInput, b: &RankInput) -> Ordering {
    for key in keys {
        let o = match key {
            RankKey::AchievedLevel => a.achieved_level.cmp(&b.achieved_level),
            RankKey::ReadinessLevel => a.readiness_level.cmp(&b.readiness_level),
            RankKey::AchievedScore => b.achieved_score.total_cmp(&a.achieved_score),
            RankKey::ReadinessScore => b.readiness_score.total_cmp(&a.readiness_score),
            RankKey::Total => (b.achieved_score + b.readiness_score)
                .total_cmp(&(a.achieved_score + a.readiness_score)),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Ranks: for each input (in input order), its 1-based position; ties share the better rank
/// ("1, 2, 2, 4"). Returns the order of indices too (stable for ties).
pub fn rank(keys: &[RankKey], items: &[RankInput]) -> (Vec<usize>, Vec<u32>) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&i, &j| cmp_rank(keys, &items[i], &items[j]));
    let mut ranks = vec![0u32; items.len()];
    for (pos, &i) in order.iter().enumerate() {
        let r = if pos > 0 && cmp_rank(keys, &items[order[pos - 1]], &items[i]) == Ordering::Equal {
            ranks[order[pos - 1]]
        } else {
            pos as u32 + 1
        };
        ranks[i] = r;
    }
    (order, ranks)
}

/// The annex order of communes within a district: Thị trấn and Phường first, then Xã, each in
/// Vietnamese alphabetical order.
pub fn cmp_annex(a: (UnitType, &str), b: (UnitType, &str)) -> Ordering {
    annex_group(a.0)
        .cmp(&annex_group(b.0))
        .then_with(|| cmp_vi(a.1, b.1))
}

/// The annex group of a commune type: Thị trấn and Phường (0) before Xã (1).
pub fn annex_group(t: UnitType) -> u8 {
    match t {
        UnitType::ThiTran | UnitType::Phuong => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: f64, al: Level, r: f64, rl: Level) -> RankInput {
        RankInput {
            achieved_score: a,
            achieved_level: al,
            readiness_score: r,
            readiness_level: rl,
        }
    }

    #[test]
    fn ties_share_a_rank() {
        let keys = [RankKey::AchievedLevel, RankKey::Total];
        let items = [
            d(80.0, Level::II, 40.0, Level::I),
            d(90.0, Level::I, 40.0, Level::I),
            d(80.0, Level::II, 40.0, Level::I),
        ];
        let (order, ranks) = rank(&keys, &items);
        assert_eq!(order, vec![1, 0, 2]);
        assert_eq!(ranks, vec![2, 1, 2]);
    }

    #[test]
    fn towns_and_wards_come_first() {
        assert_eq!(
            cmp_annex((UnitType::Xa, "An"), (UnitType::Phuong, "Xuân")),
            Ordering::Greater
        );
        assert_eq!(
            cmp_annex((UnitType::ThiTran, "Tô Hạp"), (UnitType::Xa, "Ba Cụm Bắc")),
            Ordering::Less
        );
    }
}
