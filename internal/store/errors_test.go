package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/dates"
	"github.com/waymark-org/waymark/internal/store"
)

// Errors are logged, so they must not carry what a person wrote: a
// deadline that cannot be saved is named by its number, not its title.
func TestSaveDeadlineErrorHoldsNoTitle(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		d := &bot.Deadline{TenantID: 999999, Title: "Tell Sam's social worker about the move",
			Due: dates.Date{Year: 2027, Month: time.March, Day: 1}, Anchor: dates.Date{Year: 2027, Month: time.March, Day: 1}}
		_, err := db.SaveDeadline(context.Background(), d, nil)
		if err == nil {
			t.Fatal("saved a deadline for a tenant that does not exist")
		}
		if strings.Contains(err.Error(), "social worker") {
			t.Errorf("error holds the title: %v", err)
		}
	})
}
