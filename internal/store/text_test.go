package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
	"github.com/waymark-org/waymark/internal/store"
)

// TestStoreWritesCleanTextOnBothDialects: whatever a caller passes, the
// store keeps the same text on SQLite and PostgreSQL. PostgreSQL refuses
// NUL and invalid UTF-8, so without cleaning these writes failed there and
// succeeded on SQLite.
func TestStoreWritesCleanTextOnBothDialects(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
		tn, err := db.EnsureTenant(ctx, "slack", "TNUL", "Riverside\x00 group\xff")
		if err != nil {
			t.Fatalf("ensure tenant: %v", err)
		}
		if tn.Name != "Riverside group" {
			t.Errorf("tenant name = %q", tn.Name)
		}
		due := dates.Date{Year: 2026, Month: time.December, Day: 15}
		d := &bot.Deadline{TenantID: tn.ID, Title: "Bid\x00 form\x1b", Due: due, Anchor: due, OwnerID: "U1", OwnerName: "Sam\x00", ChannelID: "C1\x00"}
		if _, err := db.SaveDeadline(ctx, d, nil); err != nil {
			t.Fatalf("save deadline: %v", err)
		}
		got, err := db.Deadline(ctx, tn.ID, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Bid form" || got.OwnerName != "Sam" || got.ChannelID != "C1" {
			t.Errorf("deadline = %q by %q in %q", got.Title, got.OwnerName, got.ChannelID)
		}
		if err := db.AskCheckin(ctx, tn.ID, "U1", "k1", at); err != nil {
			t.Fatal(err)
		}
		c, err := db.PendingCheckin(ctx, tn.ID, "U1", at.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AnswerCheckin(ctx, tn.ID, "U1", c.ID, 3, false, at); err != nil {
			t.Fatal(err)
		}
		if err := db.NoteCheckin(ctx, tn.ID, "U1", c.ID, "tired\x00 but\xfe ok"); err != nil {
			t.Fatalf("note: %v", err)
		}
		hist, err := db.CheckinHistory(ctx, tn.ID, "U1", 1)
		if err != nil || len(hist) != 1 || hist[0].Note != "tired but ok" {
			t.Errorf("history = %+v, %v", hist, err)
		}
		if err := db.RecordUnanswered(ctx, tn.ID, "who\x00 funds\xff us", at); err != nil {
			t.Fatalf("record unanswered: %v", err)
		}
		qs, err := db.UnansweredQuestions(ctx, tn.ID, 0)
		if err != nil || len(qs) != 1 || qs[0].Question != "who funds us" {
			t.Errorf("unanswered = %+v, %v", qs, err)
		}
		tn.Settings.SafeguardingLead = "ULEAD\x00"
		tn.Name = "Hillside\x07"
		if err := db.UpdateTenant(ctx, tn); err != nil {
			t.Fatalf("update tenant: %v", err)
		}
		back, err := db.Tenant(ctx, tn.ID)
		if err != nil || back.Name != "Hillside" || back.Settings.SafeguardingLead != "ULEAD" {
			t.Errorf("tenant = %+v, %v", back, err)
		}
	})
}

// TestTimestampYearsAreFourDigits: a five-digit year is not fixed width,
// so SQLite would sort it before every real time and no reader could parse
// it. The store refuses to write one.
func TestTimestampYearsAreFourDigits(t *testing.T) {
	tests := []struct {
		at      time.Time
		wantErr bool
	}{
		{time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC), false},
		{time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), false},
		{time.Time{}, false},
		{time.Date(10026, 2, 28, 9, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		v, err := store.Timestamp{Time: tt.at}.Value()
		if (err != nil) != tt.wantErr {
			t.Errorf("Value(%v) = %v, %v; want error %v", tt.at, v, err, tt.wantErr)
		}
		if s, ok := v.(string); err == nil && (!ok || len(s) != len(store.TimeLayout)) {
			t.Errorf("Value(%v) = %v, want fixed width", tt.at, v)
		}
	}
}
