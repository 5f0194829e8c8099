package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/obs"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// A delivery that panics is recovered: the engine keeps delivering other
// jobs, retries the one that panicked like any failure, and in the end
// tells its owner.
func TestPanickingDeliveryIsRecoveredAndRetried(t *testing.T) {
	m := obs.New()
	r := newRig(t, storetest.Open(t, "sqlite"), newClock(start), jobs.Options{MaxAttempts: 3, Metrics: m})
	r.note.PanicTo = map[string]bool{"#boom": true}
	r.mustAdd("sam", `deadline add "Insurance renewal" 10 Dec remind 1d in #boom`)
	r.mustAdd("sam", `deadline add "Annual return" 10 Dec remind 1d in #fine`)
	r.clock.Set(time.Date(2026, time.December, 9, 8, 59, 0, 0, time.UTC))
	r.stepUntil(time.Date(2026, time.December, 9, 10, 0, 0, 0, time.UTC), time.Minute)

	var fine, told int
	for _, s := range r.note.Sent() {
		switch {
		case s.To == "#fine" && strings.Contains(s.Reply.Text, "Annual return"):
			fine++
		case s.Direct && s.To == "sam" && strings.Contains(s.Reply.Text, "couldn't post the reminder"):
			told++
		}
	}
	if fine != 1 || told != 1 {
		t.Fatalf("reminders in #fine = %d, owner told = %d; want 1 and 1: %+v", fine, told, r.note.Sent())
	}
	js, err := r.db.Jobs(context.Background(), r.tenant.ID, "deadline:")
	if err != nil {
		t.Fatal(err)
	}
	var failed int
	for _, j := range js {
		if j.Outcome == bot.OutcomeFailed && strings.Contains(j.LastError, "panic") {
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("jobs = %+v, want one failed with the panic recorded", js)
	}
	got, err := m.Gather()
	if err != nil {
		t.Fatal(err)
	}
	if got["waymark_panics_recovered_total,worker=job_engine"] != 3 || got["waymark_jobs_total,outcome=delivered"] < 1 || got["waymark_job_lag_seconds,count"] < 4 {
		t.Errorf("metrics = %v", got)
	}
}
