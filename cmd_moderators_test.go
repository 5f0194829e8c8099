package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/internal/store"
)

// `waymark moderators` adds, lists and removes network moderators in the
// database given by --db, and lists those from the environment beside them.
func TestModeratorsCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	t.Setenv("USER", "alex")
	t.Setenv(envNetworkModerators, " CFG1 ,, CFG2")
	steps := []struct {
		args []string
		// want are lines (or parts of them) the output or error must hold.
		want    []string
		wantErr bool
	}{
		{args: []string{"list"}, want: []string{"USER ID", "CFG1", "(from configuration: WAYMARK_NETWORK_MODERATORS)", "CFG2"}},
		{args: []string{"add", "U0123ABCD", "--note", "Sam, network coordinator"}, want: []string{"added U0123ABCD as a network moderator"}},
		{args: []string{"add", "U0123ABCD", "--note", "Sam, chair"}, want: []string{"U0123ABCD was already a network moderator; note updated"}},
		{args: []string{"add", "U999"}, want: []string{"added U999"}},
		{args: []string{"list"}, want: []string{"U0123ABCD  Sam, chair", "alex", "U999", "CFG1"}},
		{args: []string{"add", "U1 U2"}, want: []string{"invalid user id", "contains spaces"}, wantErr: true},
		{args: []string{"add", ""}, want: []string{"invalid user id", "empty"}, wantErr: true},
		{args: []string{"add"}, wantErr: true},
		{args: []string{"remove", "U0123ABCD"}, want: []string{"removed U0123ABCD"}},
		{args: []string{"remove", "U0123ABCD"}, want: []string{"U0123ABCD is not a network moderator"}, wantErr: true},
		{args: []string{"remove", "CFG1"}, want: []string{"CFG1 is named in WAYMARK_NETWORK_MODERATORS"}, wantErr: true},
	}
	for _, s := range steps {
		out, err := run(t, "", append([]string{"--db", path, "moderators"}, s.args...)...)
		if (err != nil) != s.wantErr {
			t.Fatalf("moderators %q: error %v; want an error: %v (output %q)", s.args, err, s.wantErr, out)
		}
		if err != nil {
			out = err.Error()
		}
		for _, w := range s.want {
			if !strings.Contains(out, w) {
				t.Errorf("moderators %q said %q; want %q in it", s.args, out, w)
			}
		}
	}

	// The database holds exactly what the commands left, with who ran them.
	db, err := store.Open(context.Background(), path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mods, err := db.NetworkModerators(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(mods) != 1 || mods[0].UserID != "U999" || mods[0].AddedBy != "alex" || mods[0].AddedAt.IsZero() {
		t.Errorf("network moderators left = %+v; want U999 added by alex", mods)
	}
}

func TestModeratorsListWithNone(t *testing.T) {
	t.Setenv(envNetworkModerators, "")
	out, err := run(t, "", "--db", filepath.Join(t.TempDir(), "w.db"), "moderators", "list")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "No network moderators") || !strings.Contains(out, "waymark moderators add") {
		t.Errorf("list with none said %q", out)
	}
}

func TestConfigNetworkModerators(t *testing.T) {
	cases := []struct {
		env  string
		want []string
	}{
		{"", nil},
		{"U1", []string{"U1"}},
		{" U1 , U2,,", []string{"U1", "U2"}},
		{" , ", nil},
	}
	for _, tc := range cases {
		t.Run(tc.env, func(t *testing.T) {
			t.Setenv(envNetworkModerators, tc.env)
			got := configNetworkModerators()
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("configNetworkModerators() with %q = %q; want %q", tc.env, got, tc.want)
			}
		})
	}
}
