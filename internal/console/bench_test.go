package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/internal/store"
)

// BenchmarkConsolePages renders each page with 1,000 of the group's own
// entries on top of the built-in base and 10,000 unanswered questions,
// and reports the 99th percentile (the issue asks for under 50 ms):
//
//	go test -run '^$' -bench ConsolePages ./internal/console/
func BenchmarkConsolePages(b *testing.B) {
	f := newBenchFixture(b)
	u := f.signIn(b, f.a, "U1").cookie
	// The first page of 1,180 entries links to the next.
	req := httptest.NewRequest(http.MethodGet, "/console/entries?layer=group", nil)
	req.AddCookie(u)
	w := httptest.NewRecorder()
	f.con.Handler().ServeHTTP(w, req)
	if !strings.Contains(w.Body.String(), `href="/console/entries?from=200&amp;layer=group&amp;nation=&amp;q=&amp;review=&amp;topic="`) {
		b.Fatalf("no link to the next page: %s", w.Body.String()[:2000])
	}
	for _, page := range []string{"/console/", "/console/entries", "/console/entries?q=meeting&layer=group", "/console/edit?id=local/entry-0500", "/console/history?layer=group&id=local/entry-0500", "/console/gaps"} {
		b.Run(strings.TrimPrefix(page, "/console/"), func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				start := time.Now()
				req := httptest.NewRequest(http.MethodGet, page, nil)
				req.AddCookie(u)
				w := httptest.NewRecorder()
				f.con.Handler().ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%s: %d", page, w.Code)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

func newBenchFixture(b *testing.B) *fixture {
	b.Helper()
	ctx := context.Background()
	f := newFixture(b, store.SQLite)
	var src string
	for _, e := range loadBase(b) {
		if e.ID == agm {
			out, err := e.Marshal()
			if err != nil {
				b.Fatal(err)
			}
			src = string(out)
		}
	}
	err := inTx(ctx, f.db, func(tx *sqlx.Tx) error {
		for i := range 1000 {
			id := fmt.Sprintf("local/entry-%04d", i)
			s := strings.Replace(src, "id: "+agm, "id: "+id, 1)
			for v := 1; v <= 3; v++ {
				if _, err := tx.ExecContext(ctx, `INSERT INTO entry_versions (tenant_id, entry_id, version, source, state, action, created_by, created_at) VALUES (?, ?, ?, ?, 'published', 'edit', 'U1', ?)`,
					f.a.ID, id, v, s, store.Timestamp{Time: time.Now()}); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO tenant_entries (tenant_id, entry_id, source, updated_by, updated_at) VALUES (?, ?, ?, 'U1', ?)`, f.a.ID, id, s, store.Timestamp{Time: time.Now()}); err != nil {
				return err
			}
		}
		words := []string{"grant", "meeting", "trustee", "volunteer", "insurance", "raffle", "bank", "policy", "room", "hire", "minutes", "funding", "lottery", "council", "safeguarding", "training"}
		for i := range 10000 {
			q := fmt.Sprintf("how do we sort the %s and %s for %s number %d", words[i%16], words[(i/16)%16], words[(i/256)%16], i)
			if _, err := tx.ExecContext(ctx, `INSERT INTO unanswered_questions (tenant_id, question, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)`,
				f.a.ID, q, 1+i%7, store.Timestamp{Time: time.Now()}, store.Timestamp{Time: time.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return f
}

func inTx(ctx context.Context, db *store.DB, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.X().BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
