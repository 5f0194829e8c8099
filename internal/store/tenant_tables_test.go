package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
	"github.com/waymark-org/waymark/internal/store"
)

// tenantTables lists the tables with a tenant_id column, from the schema
// itself, so a table added later is checked too.
func tenantTables(t *testing.T, db *store.DB) []string {
	t.Helper()
	q := `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'tenant_id'`
	if db.Dialect() == store.SQLite {
		q = `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'tenant_id'`
	}
	var tables []string
	if err := db.X().SelectContext(context.Background(), &tables, q); err != nil {
		t.Fatal(err)
	}
	slices.Sort(tables)
	return tables
}

// planted is what populate wrote for one tenant.
type planted struct {
	tenant     *bot.Tenant
	deadlineID int64
	checkinID  int64
}

var plantedAt = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// populate writes rows in every tenant table for tn, with the same keys
// (entry ids, questions, user ids, deadline numbers) as every other tenant,
// so a query missing its tenant condition returns another tenant's rows.
// pulse people answer a check-in each.
func populate(t *testing.T, db *store.DB, tn *bot.Tenant, pulse int, score int) planted {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	p := planted{tenant: tn}
	name := tn.ExternalID
	must(db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: tn.ID, EntryID: "local/shared", Source: "entry of " + name, UpdatedBy: "U1", UpdatedAt: plantedAt}))
	must(db.RecordUnanswered(ctx, tn.ID, "question of "+name, plantedAt))
	must(db.CreateConsoleLink(ctx, store.ConsoleLink{TokenHash: "link of " + name, TenantID: tn.ID, UserID: "U1", Via: bot.ViaPlatform, CreatedAt: plantedAt, ExpiresAt: plantedAt.Add(10 * time.Minute)}))
	must(db.CreateConsoleSession(ctx, store.ConsoleSession{TokenHash: "session of " + name, TenantID: tn.ID, UserID: "U1", Via: bot.ViaPlatform, ExpiresAt: store.Timestamp{Time: plantedAt.Add(time.Hour)}}, plantedAt))
	must(db.RecordFeedback(ctx, tn.ID, "governance/shared", true, plantedAt))
	must(slackadapter.InstallsOf(db).Save(ctx, slackadapter.Installation{TenantID: tn.ID, TeamID: "team-" + name, BotUserID: "UBOT", BotTokenSealed: "k1:" + name, InstallerUser: "U1"}))
	// The Discord adapter's own table (its SQL lives in adapters/discord).
	_, err := db.X().ExecContext(ctx, db.X().Rebind(`INSERT INTO discord_dm_guilds (tenant_id, user_id, guild_id, used_at) VALUES (?, ?, ?, ?)`),
		tn.ID, "U1", "guild-"+name, store.Timestamp{Time: plantedAt})
	must(err)
	due := dates.Date{Year: 2026, Month: time.December, Day: 15}
	d := &bot.Deadline{TenantID: tn.ID, Title: "deadline of " + name, Due: due, Anchor: due, RemindDays: []int{1}, OwnerID: "U1", OwnerName: "Sam"}
	_, err = db.SaveDeadline(ctx, d, []bot.Reminder{{DaysBefore: 1, At: time.Date(2026, 12, 14, 9, 0, 0, 0, time.UTC)}})
	must(err)
	p.deadlineID = d.ID
	payload, _ := json.Marshal(bot.CheckinPayload{UserID: "U1"})
	must(db.SaveCheckinSub(ctx, bot.CheckinSub{TenantID: tn.ID, UserID: "U1", EveryDays: 7, Weekday: time.Monday, Minute: 600},
		bot.Job{TenantID: tn.ID, Kind: bot.JobCheckin, Key: "U1/2026-11-23", RunAt: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Payload: payload}))
	for i := range max(pulse, 1) {
		user := fmt.Sprintf("U%d", i+1)
		must(db.AskCheckin(ctx, tn.ID, user, "now/1", plantedAt))
		c, err := db.PendingCheckin(ctx, tn.ID, user, plantedAt.Add(-time.Hour))
		must(err)
		if i < pulse {
			must(db.AnswerCheckin(ctx, tn.ID, user, c.ID, score, false, plantedAt))
			must(db.NoteCheckin(ctx, tn.ID, user, c.ID, "note of "+name))
		}
		if i == 0 {
			p.checkinID = c.ID
		}
	}
	return p
}

// TestEveryTenantTableIsIsolated: for every table holding a tenant's rows,
// tenant B's reads and writes never see or touch tenant A's, on both
// databases. A and B use the same entry ids, user ids and deadline
// numbers, and A has more rows, so a query that forgets its tenant_id
// condition returns or changes A's rows and fails here. Each table in the
// schema with a tenant_id column must have a case.
func TestEveryTenantTableIsIsolated(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := populate(t, db, newTenant(t, db, "A"), bot.PulseMinPeople, 5)
		b := populate(t, db, newTenant(t, db, "B"), 0, 0)
		// A has a second deadline, so numbers differ from ids.
		due := dates.Date{Year: 2026, Month: time.December, Day: 20}
		if _, err := db.SaveDeadline(ctx, &bot.Deadline{TenantID: a.tenant.ID, Title: "second of A", Due: due, Anchor: due}, nil); err != nil {
			t.Fatal(err)
		}
		bID := b.tenant.ID

		// In this order: the cases that change rows come after the reads
		// they would disturb.
		cases := []struct {
			table string
			check func(t *testing.T)
		}{
			{"tenant_entries", func(t *testing.T) {
				es, err := db.TenantEntries(ctx, bID)
				if err != nil || len(es) != 1 || es[0].Source != "entry of B" {
					t.Errorf("B's entries = %+v, %v", es, err)
				}
			}},
			{"tenant_entry_history", func(t *testing.T) {
				revs, err := db.TenantEntryHistory(ctx, bID, "local/shared", 0)
				if err != nil || len(revs) != 1 || revs[0].Source != "entry of B" {
					t.Errorf("B's history = %+v, %v", revs, err)
				}
			}},
			{"entry_versions", func(t *testing.T) {
				vs, err := db.EntryHistory(ctx, bot.GroupScope(bID), "local/shared")
				if err != nil || len(vs) != 1 || vs[0].Source != "entry of B" {
					t.Errorf("B's versions = %+v, %v", vs, err)
				}
				if _, err := db.EntryVersionAt(ctx, bot.GroupScope(bID), "local/shared", 2); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B's version 2 = %v; want not found", err)
				}
			}},
			{"console_links", func(t *testing.T) {
				if n, err := db.CountConsoleLinks(ctx, bID, "U1", plantedAt.Add(-time.Hour)); err != nil || n != 1 {
					t.Errorf("B's links = %d, %v; want 1", n, err)
				}
			}},
			{"console_sessions", func(t *testing.T) {
				s, err := db.ConsoleSessionByHash(ctx, "session of B", plantedAt)
				if err != nil || s.TenantID != bID {
					t.Errorf("B's session = %+v, %v", s, err)
				}
			}},
			{"unanswered_questions", func(t *testing.T) {
				qs, err := db.UnansweredQuestions(ctx, bID, 0)
				if err != nil || len(qs) != 1 || qs[0].Question != "question of B" {
					t.Errorf("B's gaps = %+v, %v", qs, err)
				}
			}},
			{"entry_feedback", func(t *testing.T) {
				fb, err := db.Feedback(ctx, bID)
				if err != nil || len(fb) != 1 || fb[0].Helpful != 1 {
					t.Errorf("B's feedback = %+v, %v", fb, err)
				}
			}},
			{"slack_installations", func(t *testing.T) {
				in, err := slackadapter.InstallsOf(db).ByTeam(ctx, "team-B")
				if err != nil || in.TenantID != bID || in.BotTokenSealed != "k1:B" {
					t.Errorf("B's installation = %+v, %v", in, err)
				}
			}},
			// Its queries live with the Discord adapter, whose
			// TestForgetMeForgetsTheDMServerOfThatServerOnly checks that
			// forget-me in one server leaves another's row.
			{"discord_dm_guilds", func(t *testing.T) {
				var guilds []string
				if err := db.X().SelectContext(ctx, &guilds, db.X().Rebind(`SELECT guild_id FROM discord_dm_guilds WHERE tenant_id = ?`), bID); err != nil || len(guilds) != 1 || guilds[0] != "guild-B" {
					t.Errorf("B's DM servers = %v, %v", guilds, err)
				}
			}},
			// River's table has no tenant_id column: the tenant is in each
			// job's arguments.
			{"river_job", func(t *testing.T) {
				js, err := db.Jobs(ctx, bID, "")
				if err != nil || len(js) != 2 {
					t.Fatalf("B's jobs = %+v, %v", js, err)
				}
				for _, j := range js {
					if j.TenantID != bID {
						t.Errorf("B sees job %+v", j)
					}
				}
			}},
			{"deadlines", func(t *testing.T) {
				if d, err := db.Deadline(ctx, bID, a.deadlineID); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B read A's deadline by id: %+v, %v", d, err)
				}
				if d, err := db.DeadlineByNumber(ctx, bID, 2); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B read A's #2: %+v, %v", d, err)
				}
				if d, err := db.DeadlineByNumber(ctx, bID, 1); err != nil || d.Title != "deadline of B" {
					t.Errorf("B's #1 = %+v, %v", d, err)
				}
				ds, unreadable, err := db.UpcomingDeadlines(ctx, bID, 10)
				if err != nil || len(ds) != 1 || ds[0].Title != "deadline of B" || len(unreadable) != 0 {
					t.Errorf("B's list = %+v, %v", ds, err)
				}
				if err := db.DeleteDeadline(ctx, bID, a.deadlineID); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B deleting A's deadline: %v", err)
				}
				stolen := &bot.Deadline{ID: a.deadlineID, TenantID: bID, Title: "taken over", Due: due, Anchor: due}
				if _, err := db.SaveDeadline(ctx, stolen, nil); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B updating A's deadline: %v", err)
				}
				if titles, err := db.ForgetDeadlineOwner(ctx, bID, "U1"); err != nil || fmt.Sprint(titles) != "[deadline of B]" {
					t.Errorf("B forgetting U1 = %v, %v", titles, err)
				}
				if d, err := db.Deadline(ctx, a.tenant.ID, a.deadlineID); err != nil || d.Title != "deadline of A" || d.OwnerID != "U1" {
					t.Errorf("A's deadline after B's attempts = %+v, %v", d, err)
				}
			}},
			{"deadline_counters", func(t *testing.T) {
				d := &bot.Deadline{TenantID: bID, Title: "next of B", Due: due, Anchor: due}
				if _, err := db.SaveDeadline(ctx, d, nil); err != nil || d.Number != 2 {
					t.Errorf("B's next number = %d, %v; want 2 (A has 2 of its own)", d.Number, err)
				}
			}},
			{"checkin_subscriptions", func(t *testing.T) {
				if err := db.DeleteCheckinSub(ctx, bID, "U1"); err != nil {
					t.Fatal(err)
				}
				if _, err := db.CheckinSub(ctx, bID, "U1"); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B's U1 still subscribed: %v", err)
				}
				if s, err := db.CheckinSub(ctx, a.tenant.ID, "U1"); err != nil || s.TenantID != a.tenant.ID {
					t.Errorf("A's U1 lost their opt-in to B's change: %+v, %v", s, err)
				}
			}},
			{"checkins", func(t *testing.T) {
				if c, err := db.PendingCheckin(ctx, bID, "U2", plantedAt.Add(-time.Hour)); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B's U2 sees a check-in: %+v, %v", c, err)
				}
				if h, err := db.CheckinHistory(ctx, bID, "U1", 10); err != nil || len(h) != 0 {
					t.Errorf("B's U1 history shows A's: %+v, %v", h, err)
				}
				if scores, err := db.PulseScores(ctx, bID, plantedAt.Add(-time.Hour)); err != nil || len(scores) != 0 {
					t.Errorf("B's pulse counts A's answers: %v, %v", scores, err)
				}
				if scores, err := db.PulseScores(ctx, a.tenant.ID, plantedAt.Add(-time.Hour)); err != nil || len(scores) != bot.PulseMinPeople {
					t.Errorf("A's pulse = %v, %v", scores, err)
				}
				if err := db.AnswerCheckin(ctx, bID, "U1", a.checkinID, 1, false, plantedAt); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B answering A's check-in: %v", err)
				}
				if err := db.NoteCheckin(ctx, bID, "U1", a.checkinID, "overwritten"); !errors.Is(err, bot.ErrNotFound) {
					t.Errorf("B noting A's check-in: %v", err)
				}
				if _, err := db.ForgetCheckins(ctx, bID, "U1"); err != nil {
					t.Fatal(err)
				}
				if h, err := db.CheckinHistory(ctx, a.tenant.ID, "U1", 10); err != nil || len(h) != 1 || h[0].Score != 5 || h[0].Note != "note of A" {
					t.Errorf("A's U1 after B's attempts = %+v, %v", h, err)
				}
			}},
		}
		var covered []string
		for _, c := range cases {
			covered = append(covered, c.table)
		}
		for _, table := range tenantTables(t, db) {
			if !slices.Contains(covered, table) {
				t.Errorf("table %s has a tenant_id but no isolation case here", table)
			}
		}
		for _, c := range cases {
			t.Run(c.table, c.check)
		}
	})
}

// TestDeletingATenantDeletesEveryRow: every table with a tenant_id deletes
// the tenant's rows with it (ON DELETE CASCADE), and only that tenant's,
// on both databases; through `waymark tenant delete` and through the
// retention purge.
func TestDeletingATenantDeletesEveryRow(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := populate(t, db, newTenant(t, db, "A"), 2, 4)
		b := populate(t, db, newTenant(t, db, "B"), 2, 4)
		c := populate(t, db, newTenant(t, db, "C"), 2, 4)
		count := func(table string, tenantID int64) int {
			var n int
			if err := db.X().GetContext(ctx, &n, db.X().Rebind(`SELECT COUNT(*) FROM `+table+` WHERE tenant_id = ?`), tenantID); err != nil {
				t.Fatal(err)
			}
			return n
		}
		tables := tenantTables(t, db)
		for _, table := range tables {
			if count(table, a.tenant.ID) == 0 {
				t.Fatalf("populate wrote nothing to %s: plant a row there too", table)
			}
		}
		if err := db.DeleteTenant(ctx, "slack", "A"); err != nil {
			t.Fatalf("delete tenant: %v", err)
		}
		if err := db.DeactivateTenant(ctx, c.tenant.ID, plantedAt); err != nil {
			t.Fatal(err)
		}
		if n, err := db.PurgeInactiveTenants(ctx, plantedAt.Add(time.Hour)); err != nil || n != 1 {
			t.Fatalf("purge = %d, %v", n, err)
		}
		for _, table := range tables {
			for _, gone := range []planted{a, c} {
				if n := count(table, gone.tenant.ID); n != 0 {
					t.Errorf("%s keeps %d rows of deleted tenant %s", table, n, gone.tenant.ExternalID)
				}
			}
			if count(table, b.tenant.ID) == 0 {
				t.Errorf("%s lost the rows of tenant B, which was not deleted", table)
			}
		}
		// River's jobs have no foreign key to tenants: the store deletes
		// them with the tenant.
		for _, gone := range []planted{a, c} {
			if js, err := db.Jobs(ctx, gone.tenant.ID, ""); err != nil || len(js) != 0 {
				t.Errorf("deleted tenant %s keeps River jobs %+v, %v", gone.tenant.ExternalID, js, err)
			}
		}
		if js, err := db.Jobs(ctx, b.tenant.ID, ""); err != nil || len(js) == 0 {
			t.Errorf("tenant B lost its River jobs: %+v, %v", js, err)
		}
	})
}
