//! The report's plots, as SVG through `plotters` (SVG backend only: no fonts or bitmaps; the
//! viewer renders the text). Each function returns false, writing nothing, when there is
//! nothing to draw.

use std::path::Path;

use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;

use super::ReportError;
use super::format;
use super::input::Row;
use super::ratios::ScalePoint;

const FONT: &str = "sans-serif";

fn plot_error(path: &Path) -> impl Fn(&dyn std::fmt::Display) -> ReportError + '_ {
    move |e| ReportError::Plot { path: path.to_owned(), message: e.to_string() }
}

/// `450000.0` → `450k`, for axis labels.
fn short(v: f64) -> String {
    format::count_short(v.max(0.0).round() as u64)
}

fn color(i: usize) -> RGBColor {
    // A fixed, readable sequence (Tableau 10).
    const COLORS: [(u8, u8, u8); 10] = [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
    ];
    let (r, g, b) = COLORS[i % COLORS.len()];
    RGBColor(r, g, b)
}

fn white_area(
    path: &Path,
    size: (u32, u32),
) -> Result<DrawingArea<SVGBackend<'_>, Shift>, ReportError> {
    let root = SVGBackend::new(path, size).into_drawing_area();
    root.fill(&WHITE).map_err(|e| plot_error(path)(&e))?;
    Ok(root)
}

/// Draws the legend of `chart` at `position` and writes the file: the end of every plot.
fn finish<'a, 'b: 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, SVGBackend<'b>, CT>,
    root: &DrawingArea<SVGBackend<'b>, Shift>,
    position: SeriesLabelPosition,
    path: &Path,
) -> Result<bool, ReportError> {
    let err = plot_error(path);
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, 13))
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(true)
}

/// Answers per second over the measured period, one line per row.
pub fn throughput_over_time(rows: &[&Row], path: &Path) -> Result<bool, ReportError> {
    let lines: Vec<(&str, Vec<(f64, f64)>)> = rows
        .iter()
        .filter_map(|r| {
            let points: Vec<(f64, f64)> =
                r.report.as_ref()?.whole_seconds().map(|(s, n)| (s as f64, n as f64)).collect();
            (!points.is_empty()).then(|| (r.meta.title(), points))
        })
        .collect();
    if lines.is_empty() {
        return Ok(false);
    }
    let err = plot_error(path);
    let max_x = lines.iter().flat_map(|(_, p)| p).map(|p| p.0).fold(0.0, f64::max) + 1.0;
    // Head room above the highest line for the legend.
    let max_y = lines.iter().flat_map(|(_, p)| p).map(|p| p.1).fold(1.0, f64::max)
        * (1.2 + 0.06 * lines.len() as f64);
    let root = white_area(path, (960, 540))?;
    let mut chart = ChartBuilder::on(&root)
        .caption("Throughput over time (closed loop, per whole second)", (FONT, 20))
        .margin(12)
        .margin_right(36)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..max_x, 0.0..max_y)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("second of the run")
        .y_desc("answers per second")
        .y_label_formatter(&|v| short(*v))
        .draw()
        .map_err(|e| err(&e))?;
    for (i, (title, points)) in lines.into_iter().enumerate() {
        let c = color(i);
        chart
            .draw_series(LineSeries::new(points, c.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label(title)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
    }
    finish(&mut chart, &root, SeriesLabelPosition::UpperRight, path)
}

/// p50, p99 and p99.9 per row as nested horizontal bars on a log scale (p50 < p99 < p99.9,
/// so each shorter bar is drawn over the longer).
pub fn latency_percentiles(rows: &[&Row], path: &Path) -> Result<bool, ReportError> {
    let bars: Vec<(String, [u64; 3])> = rows
        .iter()
        .filter_map(|r| {
            let l = &r.report.as_ref()?.latency_us;
            let mut title = r.meta.title().to_owned();
            if title.chars().count() > 44 {
                title = title.chars().take(43).collect::<String>() + "…";
            }
            Some((title, [l.p99_9.max(1), l.p99.max(1), l.p50.max(1)]))
        })
        .collect();
    if bars.is_empty() {
        return Ok(false);
    }
    let err = plot_error(path);
    let n = bars.len() as i32;
    // Almost a decade of head room on the right keeps the legend clear of the bars.
    let max = bars.iter().map(|(_, v)| v[0]).max().unwrap_or(1) as f64 * 8.0;
    let min = (bars.iter().map(|(_, v)| v[2]).min().unwrap_or(1) as f64 / 2.0).max(1.0);
    let label_width =
        bars.iter().map(|(t, _)| t.chars().count()).max().unwrap_or(10) as u32 * 7 + 20;
    let root = white_area(path, (960, 120 + 34 * n as u32))?;
    let mut chart = ChartBuilder::on(&root)
        .caption("Latency percentiles per row (µs, log scale)", (FONT, 20))
        .margin(12)
        .margin_right(36)
        .x_label_area_size(40)
        .y_label_area_size(label_width.min(380))
        // A discrete range includes its end: 0..n - 1 is n segments.
        .build_cartesian_2d((min..max).log_scale(), (0..n - 1).into_segmented())
        .map_err(|e| err(&e))?;
    // Rows top to bottom in table order: row i sits at segment n - 1 - i.
    let titles: Vec<String> = bars.iter().map(|(t, _)| t.clone()).collect();
    let label = move |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(k) => {
            usize::try_from(n - 1 - k).ok().and_then(|i| titles.get(i)).cloned().unwrap_or_default()
        }
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(bars.len())
        .y_label_formatter(&label)
        .x_desc("microseconds")
        .x_label_formatter(&|v| format::thousands(v.round() as u64))
        .draw()
        .map_err(|e| err(&e))?;
    let names = ["p99.9", "p99", "p50"];
    let shades = [RGBColor(198, 219, 239), RGBColor(107, 174, 214), RGBColor(8, 81, 156)];
    for (k, (name, shade)) in names.into_iter().zip(shades).enumerate() {
        let rects = bars.iter().enumerate().map(|(i, (_, v))| {
            let y = n - 1 - i as i32;
            let mut rect = Rectangle::new(
                [(min, SegmentValue::Exact(y)), (v[k] as f64, SegmentValue::Exact(y + 1))],
                shade.filled(),
            );
            rect.set_margin(5 + 3 * k as u32, 5 + 3 * k as u32, 0, 0);
            rect
        });
        chart
            .draw_series(rects)
            .map_err(|e| err(&e))?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], shade.filled()));
    }
    finish(&mut chart, &root, SeriesLabelPosition::LowerRight, path)
}

/// AIR throughput against the number of subscribers, cold and warm cache.
pub fn throughput_vs_subscribers(
    points: &[ScalePoint<'_>],
    path: &Path,
) -> Result<bool, ReportError> {
    let series = |pick: for<'b> fn(&ScalePoint<'b>) -> Option<&'b Row>| -> Vec<(f64, f64)> {
        points.iter().filter_map(|p| Some((p.subscribers as f64, pick(p)?.throughput()?))).collect()
    };
    let warm = series(|p| p.warm);
    let cold = series(|p| p.cold);
    if warm.is_empty() && cold.is_empty() {
        return Ok(false);
    }
    let err = plot_error(path);
    let all = || warm.iter().chain(&cold);
    let min_x = all().map(|p| p.0).fold(f64::MAX, f64::min).max(1.0) / 2.0;
    let max_x = all().map(|p| p.0).fold(1.0, f64::max) * 2.0;
    let max_y = all().map(|p| p.1).fold(1.0, f64::max) * 1.3;
    let root = white_area(path, (960, 540))?;
    let mut chart = ChartBuilder::on(&root)
        .caption("AIR throughput against subscribers in the store", (FONT, 20))
        .margin(12)
        .margin_right(36)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((min_x..max_x).log_scale(), 0.0..max_y)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("subscribers (log scale)")
        .y_desc("AIR answers per second")
        .x_label_formatter(&|v| short(*v))
        .y_label_formatter(&|v| short(*v))
        .draw()
        .map_err(|e| err(&e))?;
    for (i, (name, points)) in
        [("warm cache", warm), ("cold cache (first AIR of each)", cold)].into_iter().enumerate()
    {
        let c = color(i);
        chart
            .draw_series(LineSeries::new(points.clone(), c.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(2)));
        chart
            .draw_series(points.into_iter().map(|p| Circle::new(p, 4, c.filled())))
            .map_err(|e| err(&e))?;
    }
    finish(&mut chart, &root, SeriesLabelPosition::UpperRight, path)
}
