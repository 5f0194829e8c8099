// Package obs is what an operator sees of a running `waymark serve`:
// Prometheus metrics, panic recovery for background workers, and the JSON
// log handler.
//
// Metrics never carry message content or user identity: labels are
// platforms, outcomes and kinds, from small fixed sets. A crisis reply is
// counted, and nothing else about it is recorded.
package obs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds one server's collectors in a registry of its own, so
// several servers in one process (tests) do not collide. A nil *Metrics
// is valid and records nothing.
type Metrics struct {
	reg *prometheus.Registry

	events   *prometheus.CounterVec
	replies  *prometheus.CounterVec
	answers  *prometheus.CounterVec
	crisis   *prometheus.CounterVec
	dbErrors *prometheus.CounterVec
	panics   *prometheus.CounterVec
	jobLag   prometheus.Histogram
	jobs     *prometheus.CounterVec
}

// Event outcomes (waymark_events_total{outcome}).
const (
	EventAccepted  = "accepted"  // acknowledged and queued
	EventDuplicate = "duplicate" // a retry or replay, acknowledged and ignored
	EventBusy      = "busy"      // queue full: 503, the platform retries
	EventDBError   = "db_error"  // dedupe unavailable: 503, the platform retries
	EventRejected  = "rejected"  // bad signature or stale timestamp: 401
	EventDropped   = "dropped"   // acknowledged but not handled (shutdown ran out of time)
	EventFailed    = "failed"    // handled, but the work panicked
)

// New builds the collectors, with Go runtime and process metrics.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waymark_events_total",
			Help: "Platform events, commands and clicks received, by platform and outcome.",
		}, []string{"platform", "outcome"}),
		replies: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waymark_replies_total",
			Help: "Replies sent to a platform, by platform and outcome (delivered or failed after retries).",
		}, []string{"platform", "outcome"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waymark_answers_total",
			Help: "Replies by kind: answer, no_answer, crisis, info, error.",
		}, []string{"platform", "kind"}),
		crisis: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waymark_crisis_replies_total",
			Help: "Crisis signposting replies. Only counted: nothing about the message is recorded.",
		}, []string{"platform"}),
		dbErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waymark_db_errors_total",
			Help: "PostgreSQL connection failures: connect, network (broken connection) or timeout (silent connection given up).",
		}, []string{"kind"}),
		panics: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waymark_panics_recovered_total",
			Help: "Panics recovered in background workers, by worker.",
		}, []string{"worker"}),
		jobLag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "waymark_job_lag_seconds",
			Help:    "How late a job started, from the time it was due.",
			Buckets: []float64{0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600},
		}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "waymark_jobs_total",
			Help: "Jobs run by the job engine, by outcome (delivered, retry, failed).",
		}, []string{"outcome"}),
	}
	m.reg.MustRegister(m.events, m.replies, m.answers, m.crisis, m.dbErrors, m.panics, m.jobLag, m.jobs,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is where callers register gauges of their own (queue depth).
func (m *Metrics) Registry() prometheus.Registerer {
	if m == nil {
		return prometheus.NewRegistry() // accepted and never read
	}
	return m.reg
}

// Gather returns the current values, for tests.
func (m *Metrics) Gather() (map[string]float64, error) {
	out := map[string]float64{}
	if m == nil {
		return out, nil
	}
	mfs, err := m.reg.Gather()
	if err != nil {
		return nil, fmt.Errorf("gather metrics: %w", err)
	}
	for _, mf := range mfs {
		for _, mt := range mf.GetMetric() {
			name := mf.GetName()
			for _, lp := range mt.GetLabel() {
				name += fmt.Sprintf(",%s=%s", lp.GetName(), lp.GetValue())
			}
			switch {
			case mt.Counter != nil:
				out[name] = mt.Counter.GetValue()
			case mt.Gauge != nil:
				out[name] = mt.Gauge.GetValue()
			case mt.Histogram != nil:
				out[name+",count"] = float64(mt.Histogram.GetSampleCount())
			}
		}
	}
	return out, nil
}

// Event counts one inbound event.
func (m *Metrics) Event(platform, outcome string) {
	if m != nil {
		m.events.WithLabelValues(platform, outcome).Inc()
	}
}

// Reply counts one reply's delivery.
func (m *Metrics) Reply(platform string, err error) {
	if m == nil {
		return
	}
	outcome := "delivered"
	if err != nil {
		outcome = "failed"
	}
	m.replies.WithLabelValues(platform, outcome).Inc()
}

// Answer counts a reply by kind; a crisis reply is also counted on its own.
func (m *Metrics) Answer(platform, kind string) {
	if m == nil || kind == "" {
		return
	}
	m.answers.WithLabelValues(platform, kind).Inc()
	if kind == "crisis" {
		m.crisis.WithLabelValues(platform).Inc()
	}
}

// DBError counts a database connection failure; see store.Options.OnError.
func (m *Metrics) DBError(kind string) {
	if m != nil {
		m.dbErrors.WithLabelValues(kind).Inc()
	}
}

// JobRun records a job's lateness and outcome.
func (m *Metrics) JobRun(lag time.Duration, outcome string) {
	if m == nil {
		return
	}
	m.jobLag.Observe(max(lag, 0).Seconds())
	m.jobs.WithLabelValues(outcome).Inc()
}

// Recover, deferred directly at the top of a unit of background work,
// turns a panic into a logged, counted error and lets the worker carry
// on. It calls onPanic (if not nil) with the panic as an error, so the
// caller can record the failure (a job retried, an event counted).
//
//	defer obs.Recover(ctx, log, m, "slack_worker", nil)
func Recover(ctx context.Context, log *slog.Logger, m *Metrics, worker string, onPanic func(error)) {
	v := recover()
	if v == nil {
		return
	}
	err := fmt.Errorf("panic in %s: %v", worker, v)
	if m != nil {
		m.panics.WithLabelValues(worker).Inc()
	}
	if log != nil {
		log.ErrorContext(ctx, "recovered from panic; still serving", "worker", worker, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	}
	if onPanic != nil {
		onPanic(err)
	}
}

// RecoverHTTP wraps h so that a panic in a handler is logged with its
// stack and counted (worker "http"), and the request gets a 500; net/http
// would otherwise log it without counting and drop the connection.
func RecoverHTTP(h http.Handler, log *slog.Logger, m *Metrics) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer Recover(r.Context(), log.With("path", r.URL.Path), m, "http", func(error) {
			http.Error(w, "internal error", http.StatusInternalServerError)
		})
		h.ServeHTTP(w, r)
	})
}

// JSONLogger returns a logger writing one JSON object per line, for
// `waymark serve`, where logs are read by machines. It scrubs URL paths
// and tokens (see Scrub) from everything logged through it.
func JSONLogger(w io.Writer, level slog.Leveler) *slog.Logger {
	return slog.New(Scrub(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})))
}
