//! The audit of a rule: given units with a value (a score, or a percentage) and the level a
//! decision published for each, where the cut-offs of levels I..IV can lie so that every published
//! level follows from "value ≥ cut-off takes the level", and, when no such rule reproduces them
//! all, the fewest units to set aside for one to exist. Pure: values and levels in, intervals out.
//!
//! A threshold rule reproduces a set of units exactly when a higher value never has a worse level
//! and equal values share one level. The largest such subset is found by a dynamic programme over
//! the groups of equal values (in value order) and the five ordinal levels; forward and backward
//! passes tell, for each unit, whether some other smallest set would keep it or set it aside.

use super::level::Level;

/// Tolerance for comparing values with cut-offs, as `RuleSet::classify` does.
const EPS: f64 = 1e-9;

/// The four levels that have a cut-off, best first.
pub const CUT_LEVELS: [Level; 4] = [Level::I, Level::II, Level::III, Level::IV];

/// One unit: its value (a score, or a percentage of the applicable maximum), the level published
/// for it, and the caller's id (returned in [`Fit`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub value: f64,
    pub level: Level,
    pub id: usize,
}

/// Where a cut-off may lie: above `above` and at most `at_most`, i.e. (above, at_most]. `None`
/// is a side that no unit bounds: no unit below the level (`above`), or none at the level or
/// better (`at_most`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub above: Option<f64>,
    pub at_most: Option<f64>,
}

impl Interval {
    /// Whether a cut-off reproduces the units that bound this interval, with the tolerance of
    /// classification (a value reaches a cut-off when value + 1e-9 ≥ cut-off).
    pub fn contains(&self, cutoff: f64) -> bool {
        self.above.is_none_or(|a| cutoff > a + EPS)
            && self.at_most.is_none_or(|b| cutoff <= b + EPS)
    }

    /// The interval on another scale (points ↔ percent of a maximum).
    pub fn scaled(&self, factor: f64) -> Interval {
        Interval {
            above: self.above.map(|a| a * factor),
            at_most: self.at_most.map(|b| b * factor),
        }
    }
}

/// The cut-off of one level and the units kept at that level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boundary {
    /// I, II, III or IV.
    pub level: Level,
    pub interval: Interval,
    /// Units kept whose published level is this one.
    pub units: usize,
}

/// A unit whose published level must be set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetAside {
    pub id: usize,
    /// Set aside by every smallest set (no rule keeps it with as many others).
    pub certain: bool,
}

/// What the published levels allow.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The cut-offs of I, II, III, IV that reproduce every unit kept.
    pub boundaries: [Boundary; 4],
    /// Units kept: the largest set a threshold rule reproduces.
    pub kept: usize,
    /// Units kept below level IV ("Không xếp hạng").
    pub not_ranked: usize,
    /// One smallest set of units to set aside, in value order; empty when the levels follow a rule.
    pub set_aside: Vec<SetAside>,
    /// Units kept here that another smallest set would set aside instead (when the choice is not
    /// unique), in value order.
    pub could_instead: Vec<usize>,
}

/// Goodness of a level: 0 for "Không xếp hạng" .. 4 for I (higher values, better levels).
fn goodness(level: Level) -> usize {
    match level {
        Level::I => 4,
        Level::II => 3,
        Level::III => 2,
        Level::IV => 1,
        Level::NotRanked => 0,
    }
}

/// Items sorted by value (then id), cut into groups of equal values.
struct Groups {
    sorted: Vec<Item>,
    /// `sorted[start[g]..start[g + 1]]` is group g.
    start: Vec<usize>,
    /// Per group, the number of items at each goodness.
    counts: Vec<[usize; 5]>,
}

fn groups(items: &[Item]) -> Groups {
    let mut sorted = items.to_vec();
    sorted.sort_by(|a, b| a.value.total_cmp(&b.value).then(a.id.cmp(&b.id)));
    let mut start = Vec::new();
    let mut counts: Vec<[usize; 5]> = Vec::new();
    let mut first = f64::NAN;
    for (i, it) in sorted.iter().enumerate() {
        if i == 0 || (it.value - first).abs() > EPS {
            start.push(i);
            counts.push([0; 5]);
            first = it.value;
        }
        if let Some(c) = counts.last_mut() {
            c[goodness(it.level)] += 1;
        }
    }
    start.push(sorted.len());
    Groups {
        sorted,
        start,
        counts,
    }
}

/// `fwd[g][k]`: the most units groups 0..g (exclusive) keep with every level's goodness ≤ k;
/// `bwd[g][k]`: the most units groups g.. keep with every goodness ≥ k.
fn passes(counts: &[[usize; 5]]) -> (Vec<[usize; 5]>, Vec<[usize; 5]>) {
    let n = counts.len();
    let mut fwd = vec![[0usize; 5]; n + 1];
    for g in 0..n {
        let mut best = 0;
        for k in 0..5 {
            best = best.max(fwd[g][k] + counts[g][k]);
            fwd[g + 1][k] = best;
        }
    }
    let mut bwd = vec![[0usize; 5]; n + 1];
    for g in (0..n).rev() {
        let mut best = 0;
        for k in (0..5).rev() {
            best = best.max(bwd[g + 1][k] + counts[g][k]);
            bwd[g][k] = best;
        }
    }
    (fwd, bwd)
}

/// The goodness each group keeps in one largest consistent subset (walking back from the highest
/// values; at a tie, the better level).
fn choose(counts: &[[usize; 5]], fwd: &[[usize; 5]]) -> Vec<usize> {
    let mut chosen = vec![0; counts.len()];
    let mut k = 4;
    for g in (0..counts.len()).rev() {
        let target = fwd[g + 1][k];
        let j = (0..=k)
            .rev()
            .find(|&j| fwd[g][j] + counts[g][j] == target)
            .unwrap_or(0);
        chosen[g] = j;
        k = j;
    }
    chosen
}

/// Where the cut-offs may lie, from the units kept.
fn boundaries(kept: &[&Item]) -> [Boundary; 4] {
    CUT_LEVELS.map(|level| {
        let g = goodness(level);
        let above = kept
            .iter()
            .filter(|it| goodness(it.level) < g)
            .map(|it| it.value)
            .reduce(f64::max);
        let at_most = kept
            .iter()
            .filter(|it| goodness(it.level) >= g)
            .map(|it| it.value)
            .reduce(f64::min);
        Boundary {
            level,
            interval: Interval { above, at_most },
            units: kept.iter().filter(|it| it.level == level).count(),
        }
    })
}

/// The largest set of units a threshold rule reproduces, the intervals of its cut-offs, and the
/// units set aside (none when every published level follows a rule).
pub fn fit(items: &[Item]) -> Fit {
    let Groups {
        sorted,
        start,
        counts,
    } = groups(items);
    let (fwd, bwd) = passes(&counts);
    let best = fwd[counts.len()][4];
    let chosen = choose(&counts, &fwd);
    let mut kept = Vec::new();
    let mut set_aside = Vec::new();
    let mut could_instead = Vec::new();
    for (g, &j) in chosen.iter().enumerate() {
        // The most units kept when group g keeps goodness k, and when it keeps one unit fewer.
        let with = |k: usize, less: usize| fwd[g][k] + counts[g][k] - less + bwd[g + 1][k];
        for it in &sorted[start[g]..start[g + 1]] {
            let k = goodness(it.level);
            if k == j {
                kept.push(it);
                let without = (0..5).map(|m| with(m, usize::from(m == k))).max();
                if without == Some(best) {
                    could_instead.push(it.id);
                }
            } else {
                set_aside.push(SetAside {
                    id: it.id,
                    certain: with(k, 0) < best,
                });
            }
        }
    }
    if set_aside.is_empty() {
        could_instead.clear();
    }
    Fit {
        boundaries: boundaries(&kept),
        kept: kept.len(),
        not_ranked: kept
            .iter()
            .filter(|it| it.level == Level::NotRanked)
            .count(),
        set_aside,
        could_instead,
    }
}

/// Steps from the roundest down, for [`propose`].
const STEPS: [f64; 12] = [
    100.0, 50.0, 10.0, 5.0, 1.0, 0.5, 0.1, 0.05, 0.01, 0.001, 0.0001, 0.00001,
];

/// Cut-offs of I..IV inside `intervals`, strictly decreasing, above 0 and at most `limit` (the
/// maximum, or 100 for percent): `prefer`'s cut-off of a level where it lies inside (and below
/// the better level's), else the roundest number inside, nearest the middle of what is allowed.
pub fn propose(intervals: &[Interval; 4], limit: f64, prefer: Option<[f64; 4]>) -> [f64; 4] {
    let mut out = [0.0; 4];
    let mut prev: Option<f64> = None;
    for k in 0..4 {
        let lo = intervals[k].above.unwrap_or(0.0);
        let hi = intervals[k].at_most.unwrap_or(limit).min(limit);
        let ok = |c: f64| {
            c > lo + EPS && c <= hi + EPS && prev.is_none_or(|p| c < p - EPS) && c <= limit + EPS
        };
        let top = prev.map_or(hi, |p| hi.min(p));
        let c = match prefer.map(|p| p[k]) {
            Some(c) if ok(c) => c,
            _ => roundest(lo, top, &ok),
        };
        out[k] = c;
        prev = Some(c);
    }
    out
}

/// The roundest number `ok` accepts between `lo` and `top`, nearest their middle.
fn roundest(lo: f64, top: f64, ok: &dyn Fn(f64) -> bool) -> f64 {
    let mid = (lo + top) / 2.0;
    for step in STEPS {
        let first = (lo / step).floor() + 1.0;
        let last = (top / step).floor();
        if first > last {
            continue;
        }
        let m = (mid / step).round().clamp(first, last);
        for cand in [m, m - 1.0, m + 1.0] {
            // Rounded to 6 decimals so that 501 × 0.1 is written 50.1.
            let c = ((cand * step) * 1e6).round() / 1e6;
            if cand >= first && cand <= last && ok(c) {
                return c;
            }
        }
    }
    mid
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(rows: &[(f64, Level)]) -> Vec<Item> {
        rows.iter()
            .enumerate()
            .map(|(id, &(value, level))| Item { value, level, id })
            .collect()
    }

    use Level::{I, II, III, IV, NotRanked as NR};

    /// A consistent set: scores 20..58 with levels by 54 / 50 / 43.5 / 30.
    fn consistent() -> Vec<(f64, Level)> {
        vec![
            (22.58, NR),
            (25.0, NR),
            (38.52, IV),
            (40.0, IV),
            (43.2, IV),
            (43.5, III),
            (45.0, III),
            (50.04, III),
            (50.13, II),
            (52.0, II),
            (53.0, II),
            (54.0, I),
            (57.0, I),
        ]
    }

    fn iv(above: Option<f64>, at_most: Option<f64>) -> Interval {
        Interval { above, at_most }
    }

    #[test]
    fn consistent_levels_give_the_intervals_between_neighbours() {
        let f = fit(&items(&consistent()));
        assert!(f.set_aside.is_empty() && f.could_instead.is_empty());
        assert_eq!(f.kept, 13);
        assert_eq!(f.not_ranked, 2);
        let got: Vec<Interval> = f.boundaries.iter().map(|b| b.interval).collect();
        assert_eq!(
            got,
            vec![
                iv(Some(53.0), Some(54.0)),
                iv(Some(50.04), Some(50.13)),
                iv(Some(43.2), Some(43.5)),
                iv(Some(25.0), Some(38.52)),
            ]
        );
        assert_eq!(f.boundaries.map(|b| b.units), [2, 3, 3, 3]);
        // Cut-offs on the scores themselves take the better level; one above does not.
        assert!(got[0].contains(54.0) && !got[0].contains(53.0) && got[0].contains(53.01));
        assert!(!got[0].contains(54.01));
    }

    #[test]
    fn one_level_swapped_is_the_single_unit_set_aside() {
        let mut rows = consistent();
        rows[6].1 = I; // 45.00 published I among IIIs
        let f = fit(&items(&rows));
        assert_eq!(
            f.set_aside,
            vec![SetAside {
                id: 6,
                certain: true
            }]
        );
        assert!(f.could_instead.is_empty());
        assert_eq!(f.kept, 12);
        // The intervals are those of the others.
        assert_eq!(f.boundaries[0].interval, iv(Some(53.0), Some(54.0)));
        assert_eq!(f.boundaries[2].interval, iv(Some(43.2), Some(43.5)));
    }

    #[test]
    fn two_inconsistent_levels_need_two_units_set_aside() {
        let mut rows = consistent();
        rows[3].1 = II; // 40.00 published II among IVs
        rows[11].1 = NR; // 54.00 published Không xếp hạng among Is
        let f = fit(&items(&rows));
        let ids: Vec<usize> = f.set_aside.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![3, 11]);
        assert!(f.set_aside.iter().all(|s| s.certain));
        assert_eq!(f.kept, 11);
        // I is now bounded by 53 below and 57 above.
        assert_eq!(f.boundaries[0].interval, iv(Some(53.0), Some(57.0)));
    }

    #[test]
    fn an_adjacent_pair_swapped_can_be_resolved_either_way_and_says_so() {
        // 50 published I below 52 published II: either can go.
        let rows = vec![(48.0, II), (50.0, I), (52.0, II), (55.0, I)];
        let f = fit(&items(&rows));
        assert_eq!(f.set_aside.len(), 1);
        assert!(!f.set_aside[0].certain);
        assert_eq!(f.could_instead.len(), 1);
        let both: Vec<usize> = vec![f.set_aside[0].id, f.could_instead[0]];
        assert!(both.contains(&1) && both.contains(&2), "{f:?}");
    }

    #[test]
    fn ties_must_share_a_level_and_a_cut_off_on_the_tie_takes_the_better_level() {
        // Two units at 27.00: one I, one II. Only one of them can be kept.
        let rows = vec![(24.0, II), (26.0, II), (27.0, I), (27.0, II), (28.0, I)];
        let f = fit(&items(&rows));
        assert_eq!(f.set_aside.len(), 1);
        assert!(!f.set_aside[0].certain, "either of the two at 27 can go");
        // Ties that agree are fine, and the boundary closes on the tie.
        let rows = vec![(24.0, II), (26.0, II), (27.0, I), (27.0, I), (28.0, I)];
        let f = fit(&items(&rows));
        assert!(f.set_aside.is_empty());
        assert_eq!(f.boundaries[0].interval, iv(Some(26.0), Some(27.0)));
        assert!(f.boundaries[0].interval.contains(27.0));
    }

    #[test]
    fn a_level_with_no_unit_leaves_a_side_open() {
        // Every unit is I: no unit bounds any cut-off from below.
        let rows = vec![(46.0, I), (48.5, I), (50.0, I)];
        let f = fit(&items(&rows));
        for b in &f.boundaries {
            assert_eq!(b.interval, iv(None, Some(46.0)), "{:?}", b.level);
        }
        assert_eq!(f.boundaries.map(|b| b.units), [3, 0, 0, 0]);
        // No unit at I: its cut-off is only bounded below.
        let rows = vec![(20.0, NR), (40.0, II), (45.0, II)];
        let f = fit(&items(&rows));
        assert_eq!(f.boundaries[0].interval, iv(Some(45.0), None));
        assert_eq!(f.boundaries[1].interval, iv(Some(20.0), Some(40.0)));
        assert_eq!(f.boundaries[3].interval, iv(Some(20.0), Some(40.0)));
    }

    #[test]
    fn percentages_are_values_like_any_other() {
        // Full scoring: 90 / 80 / 75 / 70 % of the applicable maximum.
        let rows = vec![
            (69.99, NR),
            (70.0, IV),
            (74.5, IV),
            (75.0, III),
            (80.0, II),
            (88.89, II),
            (90.0, I),
            (100.0, I),
        ];
        let f = fit(&items(&rows));
        assert!(f.set_aside.is_empty());
        let got: Vec<Interval> = f.boundaries.iter().map(|b| b.interval).collect();
        assert_eq!(got[0], iv(Some(88.89), Some(90.0)));
        assert_eq!(got[3], iv(Some(69.99), Some(70.0)));
        let c = propose(&[got[0], got[1], got[2], got[3]], 100.0, None);
        assert_eq!(c, [90.0, 80.0, 75.0, 70.0]);
    }

    #[test]
    fn proposals_keep_what_fits_and_round_the_rest() {
        let f = fit(&items(&consistent()));
        let iv4 = f.boundaries.map(|b| b.interval);
        assert_eq!(propose(&iv4, 60.0, None), [54.0, 50.1, 43.5, 30.0]);
        // A preferred cut-off inside is kept; one outside is replaced.
        assert_eq!(
            propose(&iv4, 60.0, Some([54.0, 50.05, 43.0, 35.0])),
            [54.0, 50.05, 43.5, 35.0]
        );
        // The 2020 districts: IV is open below; 77 is the integer nearest the middle of III.
        let d = [
            iv(Some(88.07), Some(90.56)),
            iv(Some(78.87), Some(84.95)),
            iv(Some(75.47), Some(78.63)),
            iv(None, Some(75.47)),
        ];
        assert_eq!(propose(&d, 100.0, None), [90.0, 80.0, 77.0, 50.0]);
        assert_eq!(propose(&d, 100.0, Some([90.0, 80.0, 77.0, 70.0]))[3], 70.0);
        // Every level in one interval: strictly decreasing all the same.
        let all = [iv(None, Some(46.0)); 4];
        let c = propose(&all, 50.0, None);
        assert!(
            c[0] > c[1] && c[1] > c[2] && c[2] > c[3] && c[3] > 0.0,
            "{c:?}"
        );
        assert!(c.iter().all(|x| all[0].contains(*x)));
    }

    /// Whether a set of (value, level) follows some threshold rule.
    fn consistent_set(rows: &[(f64, Level)]) -> bool {
        rows.iter().all(|a| {
            rows.iter().all(|b| {
                let tie_split = a.0 == b.0 && a.1 != b.1;
                let inverted = a.0 > b.0 && a.1 > b.1;
                !tie_split && !inverted
            })
        })
    }

    #[test]
    fn the_programme_agrees_with_brute_force_on_small_random_sets() {
        let mut seed: u64 = 0x2392_2020;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..400 {
            let n = 1 + next(9) as usize;
            let rows: Vec<(f64, Level)> = (0..n)
                .map(|_| (next(8) as f64, Level::ALL[next(5) as usize]))
                .collect();
            let f = fit(&items(&rows));
            // Brute force: the largest consistent subsets.
            let mut best = 0;
            let mut optimal: Vec<u32> = Vec::new();
            for mask in 0u32..(1 << n) {
                let sub: Vec<(f64, Level)> = (0..n)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| rows[i])
                    .collect();
                if !consistent_set(&sub) {
                    continue;
                }
                let k = sub.len();
                if k > best {
                    best = k;
                    optimal.clear();
                }
                if k == best {
                    optimal.push(mask);
                }
            }
            assert_eq!(f.kept, best, "{rows:?}");
            assert_eq!(f.kept + f.set_aside.len(), n);
            let kept_mask: u32 = (0..n)
                .filter(|i| !f.set_aside.iter().any(|s| s.id == *i))
                .map(|i| 1 << i)
                .sum();
            assert!(optimal.contains(&kept_mask), "{rows:?}");
            for s in &f.set_aside {
                let kept_somewhere = optimal.iter().any(|m| m & (1 << s.id) != 0);
                assert_eq!(s.certain, !kept_somewhere, "{rows:?} {s:?}");
            }
            for i in 0..n {
                let in_kept = kept_mask & (1 << i) != 0;
                let dropped_somewhere = optimal.iter().any(|m| m & (1 << i) == 0);
                let want = in_kept && dropped_somewhere && !f.set_aside.is_empty();
                assert_eq!(f.could_instead.contains(&i), want, "{rows:?} {i}");
            }
            // Any cut-offs proposed inside the intervals reproduce every level kept.
            let c = propose(&f.boundaries.map(|b| b.interval), 10.0, None);
            for i in (0..n).filter(|i| kept_mask & (1 << i) != 0) {
                let (v, level) = rows[i];
                let got = CUT_LEVELS
                    .iter()
                    .zip(c)
                    .find(|(_, cut)| v + EPS >= *cut)
                    .map_or(Level::NotRanked, |(l, _)| *l);
                assert_eq!(got, level, "{rows:?} cut-offs {c:?}");
            }
        }
    }
}
