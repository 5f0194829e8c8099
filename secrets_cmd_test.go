package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/internal/secrets"
	"github.com/waymark-org/waymark/internal/store"
)

// After a new key is put first, `waymark secrets rotate` must re-seal every
// stored token under it, so the old key can be removed.
func TestSecretsRotateResealsEveryToken(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	k1, err := secrets.NewKey("k1")
	if err != nil {
		t.Fatal(err)
	}
	k2, err := secrets.NewKey("k2")
	if err != nil {
		t.Fatal(err)
	}
	old, err := secrets.Parse(k1)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for _, team := range []string{"T1", "T2"} {
		tn, err := db.EnsureTenant(ctx, "slack", team, "Group "+team)
		if err != nil {
			t.Fatal(err)
		}
		sealed, err := old.Encrypt("xoxb-"+team, team)
		if err != nil {
			t.Fatal(err)
		}
		if err := slackadapter.InstallsOf(db).Save(ctx, slackadapter.Installation{TenantID: tn.ID, TeamID: team, BotUserID: "UBOT", BotTokenSealed: sealed}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	t.Setenv("WAYMARK_SECRET_KEYS", k2+","+k1)
	out, err := run(t, "", "--db", path, "secrets", "rotate")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "re-encrypted 2 of 2") {
		t.Errorf("rotate said %q", out)
	}
	db, err = store.Open(ctx, path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	newOnly, err := secrets.Parse(k2)
	if err != nil {
		t.Fatal(err)
	}
	for _, team := range []string{"T1", "T2"} {
		in, err := slackadapter.InstallsOf(db).ByTeam(ctx, team)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := newOnly.Decrypt(in.BotTokenSealed, team)
		if err != nil || tok != "xoxb-"+team {
			t.Errorf("%s: token %q, %v under the new key alone", team, tok, err)
		}
	}
}
