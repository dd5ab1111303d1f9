//! REST requests counted by (route, method, status) for `GET /metrics`
//! (`hss_rest_requests_total`), recorded by a middleware around every route
//! (`routes/metrics.rs`).
//!
//! The route is the matched path pattern (`/subscribers/{imsi}`), never the path itself, so an
//! IMSI is not a label and a scan of random paths is one series (`unmatched`). The number of
//! series is bounded by [`MAX_SERIES`]: requests of a new (route, method, status) beyond it are
//! counted in one `other` series. REST requests are few next to Diameter ones; one short lock
//! per request is not on the data plane's path.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use axum::http::Method;

use crate::port::exposition::{Exposition, Kind};

/// Most (route, method, status) series kept; more are counted as `other`.
pub(crate) const MAX_SERIES: usize = 512;

/// The REST API's request counters.
#[derive(Debug, Default)]
pub(crate) struct RestMetrics {
    series: Mutex<Series>,
}

#[derive(Debug, Default)]
struct Series {
    /// By route pattern: (method, status, requests).
    by_route: HashMap<String, Vec<(&'static str, u16, u64)>>,
    /// Series in `by_route`.
    len: usize,
    /// Requests of series beyond the bound.
    other: u64,
}

impl RestMetrics {
    /// Counts one request to `route` (the matched pattern, `None` when no route matched)
    /// answered with `status`.
    pub(crate) fn record(&self, route: Option<&str>, method: &Method, status: u16) {
        let route = route.unwrap_or("unmatched");
        let method = method_label(method);
        let mut s = self.series.lock().unwrap_or_else(PoisonError::into_inner);
        let Series { by_route, len, other } = &mut *s;
        if let Some(series) = by_route.get_mut(route) {
            if let Some(n) = series.iter_mut().find(|(m, st, _)| *m == method && *st == status) {
                n.2 += 1;
                return;
            }
            if *len < MAX_SERIES {
                series.push((method, status, 1));
                *len += 1;
                return;
            }
        } else if *len < MAX_SERIES {
            by_route.insert(route.to_owned(), vec![(method, status, 1)]);
            *len += 1;
            return;
        }
        *other += 1;
    }

    /// Appends `hss_rest_requests_total` to `out`, its series in a stable order.
    pub(crate) fn render(&self, out: &mut Exposition) {
        let (mut rows, other) = {
            let s = self.series.lock().unwrap_or_else(PoisonError::into_inner);
            let rows: Vec<(String, &'static str, u16, u64)> = (s.by_route.iter())
                .flat_map(|(route, series)| {
                    series.iter().map(move |&(m, status, n)| (route.clone(), m, status, n))
                })
                .collect();
            (rows, s.other)
        };
        rows.sort_unstable();
        out.family(
            "hss_rest_requests_total",
            Kind::Counter,
            "REST API requests answered, by route pattern, method and status.",
        );
        for (route, method, status, n) in rows {
            let status = status.to_string();
            out.sample(&[("route", &route), ("method", method), ("status", &status)], n);
        }
        if other > 0 {
            out.sample(&[("route", "other"), ("method", "other"), ("status", "other")], other);
        }
    }
}

/// The method as a label: the standard ones by name, anything else `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(m: &RestMetrics) -> Vec<String> {
        let mut out = Exposition::new();
        m.render(&mut out);
        out.finish().lines().filter(|l| !l.starts_with('#')).map(str::to_owned).collect()
    }

    #[test]
    fn requests_are_counted_by_route_pattern_method_and_status() {
        let m = RestMetrics::default();
        m.record(Some("/subscribers/{imsi}"), &Method::GET, 200);
        m.record(Some("/subscribers/{imsi}"), &Method::GET, 200);
        m.record(Some("/subscribers/{imsi}"), &Method::GET, 404);
        m.record(None, &Method::from_bytes(b"BREW").expect("method"), 404);
        assert_eq!(
            text(&m),
            [
                "hss_rest_requests_total{route=\"/subscribers/{imsi}\",method=\"GET\",status=\"200\"} 2",
                "hss_rest_requests_total{route=\"/subscribers/{imsi}\",method=\"GET\",status=\"404\"} 1",
                "hss_rest_requests_total{route=\"unmatched\",method=\"other\",status=\"404\"} 1",
            ]
        );
    }

    #[test]
    fn series_beyond_the_bound_are_counted_as_other() {
        let m = RestMetrics::default();
        for status in 0..MAX_SERIES as u16 + 5 {
            m.record(Some("/r"), &Method::POST, status);
        }
        m.record(Some("/new"), &Method::GET, 200);
        m.record(Some("/r"), &Method::POST, 0); // an existing series still counts
        let lines = text(&m);
        assert_eq!(lines.len(), MAX_SERIES + 1);
        assert!(lines.contains(
            &"hss_rest_requests_total{route=\"/r\",method=\"POST\",status=\"0\"} 2".to_owned()
        ));
        assert_eq!(
            lines.last().map(String::as_str),
            Some("hss_rest_requests_total{route=\"other\",method=\"other\",status=\"other\"} 6")
        );
    }
}
