package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
)

func TestEntryVersionsDraftPublishAndLayers(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := newTenant(t, db, "A"), newTenant(t, db, "B")
		ga, gb, net := bot.GroupScope(a.ID), bot.GroupScope(b.ID), bot.NetworkScope()
		save := func(s bot.EntryScope, src, by string, publish bool) bot.EntryVersion {
			t.Helper()
			v, err := db.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: s, EntryID: "governance/x", Source: src, By: by, Action: bot.ActionEdit, Publish: publish})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		stamp := func(id int64) int64 {
			t.Helper()
			s, err := db.EntryStamp(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		s0 := stamp(a.ID)
		v1 := save(ga, "A one", "U1", true)
		if v1.Version != 1 || v1.State != bot.StatePublished || v1.CreatedBy != "U1" || v1.CreatedAt.IsZero() {
			t.Fatalf("first version = %+v", v1)
		}
		s1 := stamp(a.ID)
		if s1 == s0 {
			t.Error("publishing did not move the stamp")
		}
		// A draft is kept but changes neither the answers nor the stamp.
		v2 := save(ga, "A two (draft)", "U2", false)
		if v2.Version != 2 || v2.State != bot.StateDraft {
			t.Fatalf("draft = %+v", v2)
		}
		if stamp(a.ID) != s1 {
			t.Error("a draft moved the stamp")
		}
		es, err := db.TenantEntries(ctx, a.ID)
		if err != nil || len(es) != 1 || es[0].Source != "A one" {
			t.Fatalf("A's published entries after a draft = %+v, %v", es, err)
		}
		drafts, err := db.DraftEntries(ctx, ga)
		if err != nil || len(drafts) != 1 || drafts[0].Version != 2 {
			t.Errorf("drafts = %+v, %v", drafts, err)
		}
		// B's versions are numbered on their own, and B never sees A's.
		if v := save(gb, "B one", "U9", true); v.Version != 1 {
			t.Errorf("B's first version = %d", v.Version)
		}
		if stamp(a.ID) != s1 {
			t.Error("B's change moved A's stamp")
		}
		hb, err := db.EntryHistory(ctx, gb, "governance/x")
		if err != nil || len(hb) != 1 || hb[0].Source != "B one" {
			t.Errorf("B's history = %+v, %v", hb, err)
		}
		if _, err := db.EntryVersionAt(ctx, gb, "governance/x", 2); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("B reading A's version 2: %v; want not found", err)
		}
		// The network layer is shared: it moves every group's stamp, and
		// holds no group's rows.
		if v := save(net, "network one", "N1", true); v.Version != 1 || !v.Scope.Network() {
			t.Errorf("network version = %+v", v)
		}
		if stamp(a.ID) == s1 {
			t.Error("a network change did not move A's stamp")
		}
		ne, err := db.NetworkEntries(ctx)
		if err != nil || len(ne) != 1 || ne[0].Source != "network one" {
			t.Errorf("network entries = %+v, %v", ne, err)
		}
		hn, err := db.EntryHistory(ctx, net, "governance/x")
		if err != nil || len(hn) != 1 {
			t.Errorf("network history = %+v, %v", hn, err)
		}
		ha, err := db.EntryHistory(ctx, ga, "governance/x")
		if err != nil || len(ha) != 2 || ha[0].Version != 2 || ha[1].Source != "A one" {
			t.Errorf("A's history = %+v, %v", ha, err)
		}
		recent, err := db.RecentEntryVersions(ctx, a.ID, 10)
		if err != nil || len(recent) != 3 {
			t.Errorf("A's recent changes = %+v, %v; want A's two and the network's", recent, err)
		}
		for _, v := range recent {
			if v.Scope.TenantID == b.ID {
				t.Errorf("A's recent changes include B's: %+v", v)
			}
		}
		// kb import and delete leave versions too.
		if err := db.PutTenantEntry(ctx, bot.TenantEntry{TenantID: a.ID, EntryID: "governance/y", Source: "imported", UpdatedBy: "kb import"}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteTenantEntry(ctx, a.ID, "governance/y"); err != nil {
			t.Fatal(err)
		}
		hy, err := db.EntryHistory(ctx, ga, "governance/y")
		if err != nil || len(hy) != 2 || hy[0].State != bot.StateDeleted || hy[1].Action != bot.ActionImport {
			t.Errorf("history of an imported then deleted entry = %+v, %v", hy, err)
		}
		if _, err := db.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: bot.GroupScope(9999), EntryID: "governance/x", Source: "x", Publish: true}); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("saving for a missing tenant: %v; want not found", err)
		}
	})
}

func TestConsoleLinksAreSingleUseAndExpire(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newTenant(t, db, "A")
		t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
		link := store.ConsoleLink{TokenHash: "h1", TenantID: a.ID, UserID: "U1", Via: bot.ViaSettings, Network: true, NextPath: "/console/entries", CreatedAt: t0, ExpiresAt: t0.Add(10 * time.Minute)}
		if err := db.CreateConsoleLink(ctx, link); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateConsoleLink(ctx, store.ConsoleLink{TokenHash: "h2", TenantID: a.ID, UserID: "U1", Via: bot.ViaPlatform, CreatedAt: t0, ExpiresAt: t0.Add(10 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		if n, err := db.CountConsoleLinks(ctx, a.ID, "U1", t0.Add(-time.Minute)); err != nil || n != 2 {
			t.Errorf("links counted = %d, %v", n, err)
		}
		got, err := db.RedeemConsoleLink(ctx, "h1", t0.Add(time.Minute))
		if err != nil || got.TenantID != a.ID || got.UserID != "U1" || got.Via != bot.ViaSettings || !got.Network || got.NextPath != "/console/entries" {
			t.Fatalf("redeem = %+v, %v", got, err)
		}
		if _, err := db.RedeemConsoleLink(ctx, "h1", t0.Add(2*time.Minute)); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("reused link: %v; want not found", err)
		}
		if _, err := db.RedeemConsoleLink(ctx, "h2", t0.Add(10*time.Minute)); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("expired link: %v; want not found", err)
		}
		if _, err := db.RedeemConsoleLink(ctx, "nope", t0); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("unknown link: %v; want not found", err)
		}

		s := store.ConsoleSession{TokenHash: "s1", TenantID: a.ID, UserID: "U1", Via: bot.ViaSettings, ExpiresAt: store.Timestamp{Time: t0.Add(time.Hour)}}
		if err := db.CreateConsoleSession(ctx, s, t0); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ConsoleSessionByHash(ctx, "s1", t0.Add(time.Minute)); err != nil || got.UserID != "U1" || got.Via != bot.ViaSettings {
			t.Errorf("session = %+v, %v", got, err)
		}
		if _, err := db.ConsoleSessionByHash(ctx, "s1", t0.Add(time.Hour)); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("expired session: %v; want not found", err)
		}
		if n, err := db.PurgeExpiredConsole(ctx, t0.Add(2*time.Hour)); err != nil || n != 3 {
			t.Errorf("purged %d, %v; want 3", n, err)
		}
		if err := db.CreateConsoleSession(ctx, store.ConsoleSession{TokenHash: "s2", TenantID: a.ID, UserID: "U1", Via: bot.ViaPlatform, ExpiresAt: store.Timestamp{Time: t0.Add(time.Hour)}}, t0); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteConsoleSession(ctx, "s2"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ConsoleSessionByHash(ctx, "s2", t0); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("signed-out session: %v; want not found", err)
		}
	})
}

// TestPendingVersionsApproveAndReject: a pending version changes nothing
// answers read until a different moderator approves it; the author cannot,
// a decided version cannot be decided again, and one group never sees or
// settles another's.
func TestPendingVersionsApproveAndReject(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := newTenant(t, db, "A"), newTenant(t, db, "B")
		ga := bot.GroupScope(a.ID)
		published := func() string {
			t.Helper()
			es, err := db.TenantEntries(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 {
				return ""
			}
			return es[0].Source
		}
		if _, err := db.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: ga, EntryID: "governance/x", Source: "one", By: "U1", Publish: true}); err != nil {
			t.Fatal(err)
		}
		pend := func(src string) bot.EntryVersion {
			t.Helper()
			v, err := db.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: ga, EntryID: "governance/x", Source: src, By: "U1", Action: bot.ActionPublish, Publish: true, Pending: true})
			if err != nil {
				t.Fatal(err)
			}
			if v.State != bot.StatePending {
				t.Fatalf("pending save = %+v", v)
			}
			return v
		}
		p2 := pend("two")
		if got := published(); got != "one" {
			t.Fatalf("published after a pending save = %q; want one", got)
		}
		if ps, err := db.PendingEntryVersions(ctx, a.ID); err != nil || len(ps) != 1 || ps[0].Version != p2.Version {
			t.Fatalf("A's pending = %+v, %v", ps, err)
		}
		if ps, err := db.PendingEntryVersions(ctx, b.ID); err != nil || len(ps) != 0 {
			t.Fatalf("B sees pending %+v, %v", ps, err)
		}

		tests := []struct {
			name    string
			scope   bot.EntryScope
			version int
			by      string
			approve bool
			want    error
		}{
			{"author approves", ga, p2.Version, "U1", true, bot.ErrOwnApproval},
			{"another group", bot.GroupScope(b.ID), p2.Version, "U2", true, bot.ErrNotFound},
			{"not pending", ga, 1, "U2", true, bot.ErrNotPending},
			{"no such version", ga, 99, "U2", false, bot.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := db.DecideEntryVersion(ctx, tt.scope, "governance/x", tt.version, tt.by, tt.approve); !errors.Is(err, tt.want) {
					t.Errorf("err = %v; want %v", err, tt.want)
				}
				if got := published(); got != "one" {
					t.Errorf("published = %q; want one", got)
				}
			})
		}

		v, err := db.DecideEntryVersion(ctx, ga, "governance/x", p2.Version, "U2", true)
		if err != nil || v.State != bot.StatePublished || v.Action != bot.ActionApprove || v.CreatedBy != "U2" || v.Source != "two" {
			t.Fatalf("approve = %+v, %v", v, err)
		}
		if got := published(); got != "two" {
			t.Fatalf("published after approval = %q; want two", got)
		}
		if old, err := db.EntryVersionAt(ctx, ga, "governance/x", p2.Version); err != nil || old.State != bot.StateApproved || old.CreatedBy != "U1" {
			t.Errorf("pending row after approval = %+v, %v", old, err)
		}
		if _, err := db.DecideEntryVersion(ctx, ga, "governance/x", p2.Version, "U3", true); !errors.Is(err, bot.ErrNotPending) {
			t.Errorf("second approval: %v; want ErrNotPending", err)
		}

		p4 := pend("three")
		if r, err := db.DecideEntryVersion(ctx, ga, "governance/x", p4.Version, "U1", false); err != nil || r.State != bot.StateRejected {
			t.Fatalf("author withdraws = %+v, %v", r, err)
		}
		if got := published(); got != "two" {
			t.Errorf("published after rejection = %q; want two", got)
		}
		if ps, err := db.PendingEntryVersions(ctx, a.ID); err != nil || len(ps) != 0 {
			t.Errorf("pending after deciding = %+v, %v", ps, err)
		}
	})
}
