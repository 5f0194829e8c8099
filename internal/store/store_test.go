package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// eachDialect runs fn as a parallel subtest per dialect on a fresh database.
func eachDialect(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	storetest.EachDB(t, fn)
}

func newTenant(t *testing.T, db *store.DB, externalID string) *bot.Tenant {
	t.Helper()
	return storetest.Tenant(t, db, "slack", externalID)
}

func TestMigrateTwiceIsIdempotent(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)

			first, err := store.Migrate(ctx, dsn)
			if err != nil {
				t.Fatalf("first migrate: %v", err)
			}
			if first.Dialect != dialect {
				t.Errorf("dialect = %q, want %q", first.Dialect, dialect)
			}
			if len(first.Applied) == 0 || first.Applied[0].Version != 1 {
				t.Errorf("first run applied %+v, want the core migration first", first.Applied)
			}
			if first.Current < 1 {
				t.Errorf("current version = %d after first run", first.Current)
			}

			second, err := store.Migrate(ctx, dsn)
			if err != nil {
				t.Fatalf("second migrate: %v", err)
			}
			if len(second.Applied) != 0 {
				t.Errorf("second run applied %+v, want nothing", second.Applied)
			}
			if second.Current != first.Current {
				t.Errorf("current version %d, then %d", first.Current, second.Current)
			}

			// Open migrates too, and the data it finds is intact.
			db, err := store.Open(ctx, dsn, storetest.Logger(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got := db.Migrated().Applied; len(got) != 0 {
				t.Errorf("Open applied %+v on a current schema", got)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Errorf("migrate an open database again: %v", err)
			}
			if db.Dialect() != dialect {
				t.Errorf("Dialect() = %q, want %q", db.Dialect(), dialect)
			}
		})
	}
}

func TestEnsureTenantConcurrent(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const n = 20
		var (
			wg   sync.WaitGroup
			ids  [n]int64
			errs [n]error
		)
		for i := range n {
			wg.Go(func() {
				tn, err := db.EnsureTenant(ctx, "discord", "guild-1", "Peer Support Leeds")
				errs[i] = err
				if err == nil {
					ids[i] = tn.ID
				}
			})
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("goroutine %d: %v", i, errs[i])
			}
			if ids[i] != ids[0] {
				t.Fatalf("goroutine %d got tenant %d, goroutine 0 got %d", i, ids[i], ids[0])
			}
		}
		var rows int
		err := db.X().GetContext(ctx, &rows, db.X().Rebind(
			`SELECT COUNT(*) FROM tenants WHERE platform = ? AND external_id = ?`), "discord", "guild-1")
		if err != nil {
			t.Fatal(err)
		}
		if rows != 1 {
			t.Fatalf("%d tenant rows, want 1", rows)
		}

		tn, err := db.Tenant(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		want := bot.Tenant{
			ID: ids[0], Platform: "discord", ExternalID: "guild-1", Name: "Peer Support Leeds",
			Timezone: "Europe/London", Jurisdiction: "england", Active: true, CreatedAt: tn.CreatedAt,
		}
		if fmt.Sprint(*tn) != fmt.Sprint(want) {
			t.Errorf("tenant = %+v\nwant      %+v", *tn, want)
		}
		if tn.CreatedAt.IsZero() || tn.CreatedAt.Location() != time.UTC {
			t.Errorf("created_at = %v, want a UTC time", tn.CreatedAt)
		}

		// Same workspace id on another platform is another tenant.
		other, err := db.EnsureTenant(ctx, "slack", "guild-1", "")
		if err != nil {
			t.Fatal(err)
		}
		if other.ID == ids[0] {
			t.Error("slack and discord tenants with the same external id share a row")
		}
	})
}

func TestEnsureTenantRejectsEmptyIDs(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		if _, err := db.EnsureTenant(context.Background(), "slack", "", "x"); err == nil {
			t.Error("EnsureTenant with an empty external id succeeded")
		}
	})
}

func TestUpdateTenantRoundTrip(t *testing.T) {
	hour := 7
	cases := []struct {
		name   string
		change func(*bot.Tenant)
	}{
		{"settings", func(tn *bot.Tenant) {
			tn.Settings = bot.Settings{
				SafeguardingLead: "U123",
				Moderators:       []string{"U1", "U2"},
				ReminderHour:     &hour,
			}
		}},
		{"zone and jurisdiction", func(tn *bot.Tenant) {
			tn.Timezone = "Europe/Belfast"
			tn.Jurisdiction = "northern-ireland"
			tn.Name = "Renamed"
		}},
		{"cleared settings", func(tn *bot.Tenant) { tn.Settings = bot.Settings{} }},
		{"deactivated", func(tn *bot.Tenant) { tn.Active = false }},
	}
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				tn := newTenant(t, db, "T-"+tc.name)
				tc.change(tn)
				if err := db.UpdateTenant(ctx, tn); err != nil {
					t.Fatal(err)
				}
				got, err := db.Tenant(ctx, tn.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(*got, *tn) {
					t.Errorf("read back %+v\nwant      %+v", *got, *tn)
				}
			})
		}
	})
}

func TestUpdateTenantDeactivation(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn := newTenant(t, db, "W1")
		deactivatedAt := func() *time.Time {
			t.Helper()
			var ts store.NullTimestamp
			if err := db.X().GetContext(ctx, &ts, db.X().Rebind(`SELECT deactivated_at FROM tenants WHERE id = ?`), tn.ID); err != nil {
				t.Fatal(err)
			}
			if !ts.Valid {
				return nil
			}
			return &ts.Time
		}
		if at := deactivatedAt(); at != nil {
			t.Fatalf("new tenant deactivated at %v", at)
		}
		tn.Active = false
		if err := db.UpdateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		first := deactivatedAt()
		if first == nil {
			t.Fatal("deactivated tenant has no deactivated_at")
		}
		// Saving an inactive tenant again keeps the original time.
		if err := db.UpdateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		if again := deactivatedAt(); again == nil || !again.Equal(*first) {
			t.Errorf("deactivated_at moved from %v to %v", first, again)
		}
		tn.Active = true
		if err := db.UpdateTenant(ctx, tn); err != nil {
			t.Fatal(err)
		}
		if at := deactivatedAt(); at != nil {
			t.Errorf("reactivated tenant still deactivated at %v", at)
		}
	})
}

func TestTenantNotFound(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.Tenant(ctx, 424242); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("Tenant(missing) error = %v, want bot.ErrNotFound", err)
		}
		err := db.UpdateTenant(ctx, &bot.Tenant{ID: 424242, Timezone: "UTC", Jurisdiction: "england"})
		if !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("UpdateTenant(missing) error = %v, want bot.ErrNotFound", err)
		}
		err = db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: 424242, EntryID: "a", Source: "x"})
		if !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("PutTenantEntry(missing tenant) error = %v, want bot.ErrNotFound", err)
		}
	})
}

func TestTenantEntries(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn := newTenant(t, db, "E1")
		t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

		steps := []struct {
			name   string
			put    *bot.TenantEntry
			delete string
		}{
			{name: "put b", put: &bot.TenantEntry{EntryID: "local/b", Source: "B1", UpdatedBy: "U1", UpdatedAt: t0}},
			{name: "put a", put: &bot.TenantEntry{EntryID: "local/a", Source: "A1", UpdatedBy: "U2", UpdatedAt: t0.Add(time.Minute)}},
			{name: "edit b", put: &bot.TenantEntry{EntryID: "local/b", Source: "B2", UpdatedBy: "U2", UpdatedAt: t0.Add(2 * time.Minute)}},
			{name: "delete a", delete: "local/a"},
		}
		for _, s := range steps {
			if s.put != nil {
				s.put.TenantID = tn.ID
				if err := db.PutTenantEntry(ctx, *s.put); err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
			} else if err := db.DeleteTenantEntry(ctx, tn.ID, s.delete); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
		}

		got, err := db.TenantEntries(ctx, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []bot.TenantEntry{{TenantID: tn.ID, EntryID: "local/b", Source: "B2", UpdatedBy: "U2", UpdatedAt: t0.Add(2 * time.Minute)}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("entries = %+v\nwant      %+v", got, want)
		}

		if err := db.DeleteTenantEntry(ctx, tn.ID, "local/a"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("deleting a deleted entry: error = %v, want bot.ErrNotFound", err)
		}

		historyCases := []struct {
			entry string
			want  []store.EntryRevision // newest first; ID and ChangedAt of deletes not compared
		}{
			{"local/b", []store.EntryRevision{
				{EntryID: "local/b", Source: "B2", ChangedBy: "U2", ChangedAt: t0.Add(2 * time.Minute)},
				{EntryID: "local/b", Source: "B1", ChangedBy: "U1", ChangedAt: t0},
			}},
			{"local/a", []store.EntryRevision{
				{EntryID: "local/a", Deleted: true},
				{EntryID: "local/a", Source: "A1", ChangedBy: "U2", ChangedAt: t0.Add(time.Minute)},
			}},
			{"local/none", nil},
		}
		for _, hc := range historyCases {
			revs, err := db.TenantEntryHistory(ctx, tn.ID, hc.entry, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(revs) != len(hc.want) {
				t.Fatalf("history of %s: %d revisions, want %d: %+v", hc.entry, len(revs), len(hc.want), revs)
			}
			for i, r := range revs {
				w := hc.want[i]
				w.ID, w.TenantID = r.ID, tn.ID
				if w.Deleted {
					if r.ChangedAt.IsZero() {
						t.Errorf("history of %s: delete has no time", hc.entry)
					}
					w.ChangedAt = r.ChangedAt
				}
				if r != w {
					t.Errorf("history of %s [%d] = %+v\nwant %+v", hc.entry, i, r, w)
				}
			}
		}
		if revs, err := db.TenantEntryHistory(ctx, tn.ID, "local/b", 1); err != nil || len(revs) != 1 || revs[0].Source != "B2" {
			t.Errorf("history with limit 1 = %+v, %v", revs, err)
		}
	})
}

func TestPutTenantEntryDefaultsTime(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn := newTenant(t, db, "E2")
		before := store.Round(time.Now())
		if err := db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: tn.ID, EntryID: "x", Source: "s"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.TenantEntries(ctx, tn.ID)
		if err != nil || len(got) != 1 {
			t.Fatalf("entries = %+v, %v", got, err)
		}
		if got[0].UpdatedAt.Before(before) || got[0].UpdatedAt.After(time.Now()) {
			t.Errorf("updated_at = %v, want now", got[0].UpdatedAt)
		}
	})
}

func TestRecordUnanswered(t *testing.T) {
	t0 := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
	type record struct {
		q  string
		at time.Time
	}
	cases := []struct {
		name    string
		records []record
		limit   int
		want    []bot.Unanswered
	}{
		{
			name: "counts and keeps first seen",
			records: []record{
				{"how do we insure our group", t0},
				{"how do we insure our group", t0.Add(time.Hour)},
				{"how do we insure our group", t0.Add(2 * time.Hour)},
			},
			want: []bot.Unanswered{{Question: "how do we insure our group", Count: 3, FirstSeen: t0, LastSeen: t0.Add(2 * time.Hour)}},
		},
		{
			name: "out of order times",
			records: []record{
				{"q", t0.Add(time.Hour)},
				{"q", t0},
				{"q", t0.Add(30 * time.Minute)},
			},
			want: []bot.Unanswered{{Question: "q", Count: 3, FirstSeen: t0, LastSeen: t0.Add(time.Hour)}},
		},
		{
			name: "white space does not split a question",
			records: []record{
				{"what is  a CIO", t0},
				{" what is a CIO\n", t0.Add(time.Minute)},
			},
			want: []bot.Unanswered{{Question: "what is a CIO", Count: 2, FirstSeen: t0, LastSeen: t0.Add(time.Minute)}},
		},
		{
			name: "most asked first, then most recent, limited",
			records: []record{
				{"once old", t0},
				{"twice", t0},
				{"twice", t0.Add(time.Minute)},
				{"once new", t0.Add(time.Hour)},
			},
			limit: 2,
			want: []bot.Unanswered{
				{Question: "twice", Count: 2, FirstSeen: t0, LastSeen: t0.Add(time.Minute)},
				{Question: "once new", Count: 1, FirstSeen: t0.Add(time.Hour), LastSeen: t0.Add(time.Hour)},
			},
		},
	}
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				tn := newTenant(t, db, "U-"+tc.name)
				for _, r := range tc.records {
					if err := db.RecordUnanswered(ctx, tn.ID, r.q, r.at); err != nil {
						t.Fatal(err)
					}
				}
				got, err := db.UnansweredQuestions(ctx, tn.ID, tc.limit)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("got  %+v\nwant %+v", got, tc.want)
				}
			})
		}
		if err := db.RecordUnanswered(ctx, newTenant(t, db, "U-empty").ID, "  ", t0); err == nil {
			t.Error("recording an empty question succeeded")
		}
	})
}

// TestTenantIsolation proves one tenant cannot read or change another's
// entries, entry history or unanswered questions, even when they use the
// same entry ids and questions.
func TestTenantIsolation(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newTenant(t, db, "A")
		b := newTenant(t, db, "B")
		at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: a.ID, EntryID: "shared-id", Source: "A's text", UpdatedBy: "UA", UpdatedAt: at}))
		must(db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: a.ID, EntryID: "a-only", Source: "A only", UpdatedBy: "UA", UpdatedAt: at}))
		must(db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: b.ID, EntryID: "shared-id", Source: "B's text", UpdatedBy: "UB", UpdatedAt: at}))
		must(db.RecordUnanswered(ctx, a.ID, "who funds us", at))
		must(db.RecordUnanswered(ctx, a.ID, "who funds us", at))
		must(db.RecordUnanswered(ctx, a.ID, "secret a question", at))
		must(db.RecordUnanswered(ctx, b.ID, "who funds us", at))

		// B cannot delete A's entry by id.
		if err := db.DeleteTenantEntry(ctx, b.ID, "a-only"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("B deleting A's entry: error = %v, want bot.ErrNotFound", err)
		}

		for _, tc := range []struct {
			tenant        *bot.Tenant
			entries       string
			history       string
			unanswered    string
			foreignSource string
		}{
			{a, "[a-only:A only shared-id:A's text]", "[A's text]", "[who funds us:2 secret a question:1]", "B's text"},
			{b, "[shared-id:B's text]", "[B's text]", "[who funds us:1]", "A's text"},
		} {
			entries, err := db.TenantEntries(ctx, tc.tenant.ID)
			must(err)
			var es []string
			for _, e := range entries {
				if e.TenantID != tc.tenant.ID {
					t.Errorf("tenant %s sees an entry of tenant %d", tc.tenant.ExternalID, e.TenantID)
				}
				es = append(es, e.EntryID+":"+e.Source)
			}
			if got := fmt.Sprint(es); got != tc.entries {
				t.Errorf("tenant %s entries = %s, want %s", tc.tenant.ExternalID, got, tc.entries)
			}

			revs, err := db.TenantEntryHistory(ctx, tc.tenant.ID, "shared-id", 0)
			must(err)
			var hs []string
			for _, r := range revs {
				hs = append(hs, r.Source)
			}
			if got := fmt.Sprint(hs); got != tc.history {
				t.Errorf("tenant %s history = %s, want %s", tc.tenant.ExternalID, got, tc.history)
			}

			qs, err := db.UnansweredQuestions(ctx, tc.tenant.ID, 0)
			must(err)
			var us []string
			for _, q := range qs {
				us = append(us, fmt.Sprintf("%s:%d", q.Question, q.Count))
			}
			if got := fmt.Sprint(us); got != tc.unanswered {
				t.Errorf("tenant %s unanswered = %s, want %s", tc.tenant.ExternalID, got, tc.unanswered)
			}
		}
		revs, err := db.TenantEntryHistory(ctx, b.ID, "a-only", 0)
		must(err)
		if len(revs) != 0 {
			t.Errorf("B sees history of A's entry: %+v", revs)
		}
	})
}

// TestTimesRoundTrip stores awkward times (nanoseconds, a non-UTC zone, a
// monotonic reading) and checks both dialects give back the same UTC value,
// to the microsecond.
func TestTimesRoundTrip(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	inputs := []time.Time{
		time.Date(2026, 1, 2, 3, 4, 5, 123456789, ny),
		time.Date(2026, 6, 30, 23, 59, 59, 999999999, time.UTC),
		time.Date(1999, 12, 31, 23, 0, 0, 0, time.FixedZone("", -90*60)),
		time.Date(2026, 10, 25, 1, 30, 0, 1000, time.UTC), // a UK clock-change hour
		time.Now(),
	}
	var mu sync.Mutex
	results := map[string][]time.Time{}
	t.Run("dialects", func(t *testing.T) {
		eachDialect(t, func(t *testing.T, db *store.DB) {
			ctx := context.Background()
			tn := newTenant(t, db, "times")
			var got []time.Time
			for i, in := range inputs {
				id := fmt.Sprintf("e%d", i)
				if err := db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: tn.ID, EntryID: id, Source: "s", UpdatedAt: in}); err != nil {
					t.Fatal(err)
				}
				if err := db.RecordUnanswered(ctx, tn.ID, id, in); err != nil {
					t.Fatal(err)
				}
			}
			entries, err := db.TenantEntries(ctx, tn.ID)
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range entries {
				want := store.Round(inputs[i])
				if e.UpdatedAt != want { // == on purpose: same instant, location and no monotonic part
					t.Errorf("entry %d updated_at = %v, want %v", i, e.UpdatedAt, want)
				}
				got = append(got, e.UpdatedAt)
			}
			qs, err := db.UnansweredQuestions(ctx, tn.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				var i int
				fmt.Sscanf(q.Question, "e%d", &i)
				if want := store.Round(inputs[i]); q.FirstSeen != want || q.LastSeen != want {
					t.Errorf("question %s seen %v..%v, want %v", q.Question, q.FirstSeen, q.LastSeen, want)
				}
			}
			if tn.CreatedAt != store.Round(tn.CreatedAt) {
				t.Errorf("created_at %v is not in store form", tn.CreatedAt)
			}
			mu.Lock()
			results[db.Dialect()] = got
			mu.Unlock()
		})
	})
	if len(results) == 2 && fmt.Sprint(results[store.SQLite]) != fmt.Sprint(results[store.Postgres]) {
		t.Errorf("dialects disagree:\nsqlite   %v\npostgres %v", results[store.SQLite], results[store.Postgres])
	}
}

func TestOpenMemory(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Goroutines share the one in-memory database rather than each
	// getting an empty one of their own.
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			tn, err := db.EnsureTenant(ctx, "console", "local", "")
			if err != nil {
				t.Error(err)
				return
			}
			if err := db.RecordUnanswered(ctx, tn.ID, fmt.Sprintf("q%d", i%3), time.Now()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	tn, err := db.EnsureTenant(ctx, "console", "local", "")
	if err != nil {
		t.Fatal(err)
	}
	qs, err := db.UnansweredQuestions(ctx, tn.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, q := range qs {
		total += q.Count
	}
	if len(qs) != 3 || total != 10 {
		t.Errorf("unanswered = %+v, want 3 questions asked 10 times", qs)
	}
}

func TestOpenCreatesDirectories(t *testing.T) {
	path := t.TempDir() + "/a/b/waymark.db"
	db, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}
