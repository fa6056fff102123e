//! Prometheus metrics: what `GET /metrics` exposes. Labels carry routes,
//! statuses, codes and stage names only — never request content.

use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RequestLabels {
    pub route: String,
    pub status: u16,
    pub code: i64,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct RouteLabel {
    pub route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct StageLabel {
    pub stage: String,
}

fn latency_histogram() -> Histogram {
    // 5 ms … ~40 s
    Histogram::new(exponential_buckets(0.005, 2.0, 14))
}

/// The server's metrics and their registry.
pub(crate) struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub request_seconds: Family<RouteLabel, Histogram, fn() -> Histogram>,
    pub stage_seconds: Family<StageLabel, Histogram, fn() -> Histogram>,
    pub queue_depth: Gauge,
    pub in_flight: Gauge,
    pub overloaded: Counter,
    pub model_load_seconds: Gauge<f64, std::sync::atomic::AtomicU64>,
    pub ready: Gauge,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("docstruct");
        let requests = Family::<RequestLabels, Counter>::default();
        let request_seconds =
            Family::<RouteLabel, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let stage_seconds = Family::<StageLabel, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        let queue_depth = Gauge::default();
        let in_flight = Gauge::default();
        let overloaded = Counter::default();
        let model_load_seconds = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        let ready = Gauge::default();
        registry.register(
            "http_requests",
            "Requests answered, by route, HTTP status and vendor code",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time from request to response, by route",
            request_seconds.clone(),
        );
        registry.register(
            "stage_duration_seconds",
            "Time per pipeline stage (decode, detect, classify, recognize, parse)",
            stage_seconds.clone(),
        );
        registry.register(
            "queue_depth",
            "Requests waiting for a recognition slot",
            queue_depth.clone(),
        );
        registry.register("in_flight_requests", "Requests being recognized", in_flight.clone());
        registry.register(
            "overloaded",
            "Requests refused with 503 because the queue was full",
            overloaded.clone(),
        );
        registry.register(
            "model_load_seconds",
            "Time it took to load the OCR models (0 until loaded)",
            model_load_seconds.clone(),
        );
        registry.register("ready", "1 when /readyz answers 200", ready.clone());
        Self {
            registry,
            requests,
            request_seconds,
            stage_seconds,
            queue_depth,
            in_flight,
            overloaded,
            model_load_seconds,
            ready,
        }
    }

    pub fn observe_request(&self, route: &str, status: u16, code: i64, elapsed: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                status,
                code,
            })
            .inc();
        self.request_seconds
            .get_or_create(&RouteLabel {
                route: route.to_owned(),
            })
            .observe(elapsed.as_secs_f64());
    }

    pub fn observe_stages(&self, times: &[ocr_core::StageTime]) {
        for t in times {
            self.stage_seconds
                .get_or_create(&StageLabel {
                    stage: t.stage.to_owned(),
                })
                .observe(t.duration.as_secs_f64());
        }
    }

    /// The exposition in the OpenMetrics text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}
