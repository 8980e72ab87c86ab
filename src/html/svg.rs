//! The report's two charts as inline SVG: stacked bars (units at each level, one bar per district
//! and one for the province) and a scatter plot (achieved against readiness, one point per unit,
//! coloured by level). Pure: strings in, a string out. Every chart is `role="img"` with a
//! `<title>` (the initial language's; `data-title-vi`/`data-title-en` give both for the page's
//! toggle) and its numbers in data attributes (`data-district-code`, `data-level`, `data-count`;
//! `data-unit-code`, `data-x`, `data-y`), which the tests compare with the Parquet.

use std::fmt::Write;

use crate::core::Level;
use crate::finding::Lang;

use super::esc;

/// A level's colour (best dark green → not ranked grey), the same in the legend.
pub fn colour(l: Level) -> &'static str {
    match l {
        Level::I => "#1b5e20",
        Level::II => "#43a047",
        Level::III => "#f9a825",
        Level::IV => "#e65100",
        Level::NotRanked => "#9e9e9e",
    }
}

/// A chart's title in both languages; `id` names its `<title>` element.
pub struct Title<'a> {
    pub id: &'a str,
    pub vi: &'a str,
    pub en: &'a str,
    pub lang: Lang,
}

impl Title<'_> {
    /// `<svg …>` with its title (the initial language's) and a description.
    fn open(&self, width: u32, height: u32, class: &str) -> String {
        let shown = if self.lang == Lang::En {
            self.en
        } else {
            self.vi
        };
        format!(
            "<svg class=\"{class}\" role=\"img\" viewBox=\"0 0 {width} {height}\" \
             aria-labelledby=\"{id}\" aria-label=\"{shown}\" data-title-vi=\"{vi}\" \
             data-title-en=\"{en}\"><title id=\"{id}\">{shown}</title>",
            id = esc(self.id),
            shown = esc(shown),
            vi = esc(self.vi),
            en = esc(self.en),
        )
    }
}

/// One bar: its key (a district code, or "province"), its label, and units per level (in
/// [`Level::ALL`] order).
pub struct Bar {
    pub key: String,
    pub label: String,
    /// The label in English when it is a word of the page (else the label is a name).
    pub label_en: Option<String>,
    pub counts: [usize; 5],
}

const BAR_W: u32 = 520;
const LABEL_W: u32 = 180;
const ROW_H: u32 = 30;

/// Horizontal stacked bars, one row per bar, each segment a `<rect>` with its numbers; every bar
/// spans the plot (its segments are shares of its units: a district of 8 and the province of 136
/// read alike), its number of units written after it.
pub fn stacked_bars(title: &Title, dimension: &str, bars: &[Bar]) -> String {
    let height = ROW_H * bars.len() as u32 + 8;
    let plot = f64::from(BAR_W - LABEL_W - 40);
    let mut s = title.open(BAR_W, height, "chart bars");
    for (i, b) in bars.iter().enumerate() {
        let y = 4 + ROW_H * i as u32;
        let _ = write!(
            s,
            "<g data-district-code=\"{key}\" data-dimension=\"{dimension}\"><text x=\"{lx}\" \
             y=\"{ty}\" text-anchor=\"end\">{label}</text>",
            key = esc(&b.key),
            lx = LABEL_W - 6,
            ty = y + 18,
            label = match &b.label_en {
                Some(en) => format!(
                    "<tspan class=\"vi\">{}</tspan><tspan class=\"en\">{}</tspan>",
                    esc(&b.label),
                    esc(en)
                ),
                None => esc(&b.label),
            },
        );
        let mut x = f64::from(LABEL_W);
        let units = b.counts.iter().sum::<usize>().max(1);
        for (l, &n) in Level::ALL.iter().zip(b.counts.iter()) {
            let w = plot * n as f64 / units as f64;
            let _ = write!(
                s,
                "<rect x=\"{x:.2}\" y=\"{y}\" width=\"{w:.2}\" height=\"{h}\" fill=\"{c}\" \
                 data-level=\"{l}\" data-count=\"{n}\"><title>{label}, {l}: {n}</title></rect>",
                h = ROW_H - 6,
                c = colour(*l),
                l = esc(l.as_str()),
                label = esc(&b.label),
            );
            x += w;
        }
        let total: usize = b.counts.iter().sum();
        let _ = write!(
            s,
            "<text x=\"{tx:.2}\" y=\"{ty}\">{total}</text></g>",
            tx = x + 4.0,
            ty = y + 18
        );
    }
    s.push_str("</svg>");
    s
}

/// One point of the scatter plot.
pub struct Point {
    pub code: String,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub level: Level,
}

const SC_W: f64 = 480.0;
const SC_H: f64 = 360.0;
const SC_LEFT: f64 = 48.0;
const SC_BOTTOM: f64 = 44.0;
const SC_PAD: f64 = 12.0;

/// The axis of a set of values: from a multiple of 5 at or below the least to one at or above
/// the most (at least 5 wide).
fn axis(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let lo = values.clone().fold(f64::INFINITY, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 5.0);
    }
    let lo = (lo / 5.0).floor() * 5.0;
    let hi = ((hi / 5.0).ceil() * 5.0).max(lo + 5.0);
    (lo, hi)
}

/// Ticks every 5 or 10 points along an axis.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let step = if hi - lo > 40.0 { 10.0 } else { 5.0 };
    let mut t = Vec::new();
    let mut v = (lo / step).ceil() * step;
    while v <= hi + 1e-9 {
        t.push(v);
        v += step;
    }
    t
}

/// Achieved (across) against readiness (up); `labels`: the two axes' names, each in both
/// languages (vi, en).
pub fn scatter(title: &Title, points: &[Point], labels: [(&str, &str); 2]) -> String {
    let (x0, x1) = axis(points.iter().map(|p| p.x));
    let (y0, y1) = axis(points.iter().map(|p| p.y));
    let px = |x: f64| SC_LEFT + (x - x0) / (x1 - x0) * (SC_W - SC_LEFT - SC_PAD);
    let py = |y: f64| SC_H - SC_BOTTOM - (y - y0) / (y1 - y0) * (SC_H - SC_BOTTOM - SC_PAD);
    let mut s = title.open(SC_W as u32, SC_H as u32, "chart scatter");
    s.push_str("<g class=\"axes\">");
    for t in ticks(x0, x1) {
        let _ = write!(
            s,
            "<line x1=\"{x:.2}\" x2=\"{x:.2}\" y1=\"{top}\" y2=\"{bottom}\" class=\"grid\"/>\
             <text x=\"{x:.2}\" y=\"{ty}\" text-anchor=\"middle\">{t}</text>",
            x = px(t),
            top = SC_PAD,
            bottom = SC_H - SC_BOTTOM,
            ty = SC_H - SC_BOTTOM + 16.0,
        );
    }
    for t in ticks(y0, y1) {
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.2}\" y2=\"{y:.2}\" class=\"grid\"/>\
             <text x=\"{tx}\" y=\"{ty:.2}\" text-anchor=\"end\">{t}</text>",
            left = SC_LEFT,
            right = SC_W - SC_PAD,
            y = py(t),
            tx = SC_LEFT - 6.0,
            ty = py(t) + 4.0,
        );
    }
    let [(xv, xe), (yv, ye)] = labels;
    let _ = write!(
        s,
        "<text x=\"{cx}\" y=\"{by}\" text-anchor=\"middle\"><tspan class=\"vi\">{xv}</tspan>\
         <tspan class=\"en\">{xe}</tspan></text><text transform=\"translate(12 {cy}) \
         rotate(-90)\" text-anchor=\"middle\"><tspan class=\"vi\">{yv}</tspan><tspan \
         class=\"en\">{ye}</tspan></text></g>",
        cx = (SC_LEFT + SC_W - SC_PAD) / 2.0,
        by = SC_H - 8.0,
        cy = (SC_H - SC_BOTTOM + SC_PAD) / 2.0,
        xv = esc(xv),
        xe = esc(xe),
        yv = esc(yv),
        ye = esc(ye),
    );
    for p in points {
        let _ = write!(
            s,
            "<circle cx=\"{cx:.2}\" cy=\"{cy:.2}\" r=\"4\" fill=\"{c}\" data-unit-code=\"{code}\" \
             data-x=\"{x}\" data-y=\"{y}\" data-level=\"{l}\"><title>{name}: {x:.2} / {y:.2}\
             </title></circle>",
            cx = px(p.x),
            cy = py(p.y),
            c = colour(p.level),
            code = esc(&p.code),
            x = p.x,
            y = p.y,
            l = esc(p.level.as_str()),
            name = esc(&p.name),
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_are_round_and_never_empty() {
        assert_eq!(axis([61.2, 87.1].into_iter()), (60.0, 90.0));
        assert_eq!(axis([20.0].into_iter()), (20.0, 25.0));
        assert_eq!(axis(std::iter::empty()), (0.0, 5.0));
        assert_eq!(
            ticks(60.0, 90.0),
            vec![60.0, 65.0, 70.0, 75.0, 80.0, 85.0, 90.0]
        );
        assert_eq!(ticks(0.0, 100.0).len(), 11);
    }

    #[test]
    fn a_bar_gives_its_numbers_and_escapes_its_label() {
        let t = Title {
            id: "t",
            vi: "Số <xã>",
            en: "Communes",
            lang: Lang::Vi,
        };
        let bars = [Bar {
            key: "570".into(),
            label: "<script>".into(),
            label_en: None,
            counts: [1, 2, 0, 0, 3],
        }];
        let s = stacked_bars(&t, "achieved", &bars);
        assert!(s.contains("role=\"img\""));
        assert!(s.contains("<title id=\"t\">Số &lt;xã&gt;</title>"), "{s}");
        assert!(s.contains("data-level=\"II\" data-count=\"2\""), "{s}");
        assert!(
            s.contains("data-level=\"Không xếp hạng\" data-count=\"3\""),
            "{s}"
        );
        assert!(!s.contains("<script>"), "{s}");
    }
}
