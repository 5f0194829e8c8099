package console_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/internal/console"
)

// fakeNetworkModerators is a database list of network moderators that
// names ids, or fails.
type fakeNetworkModerators struct {
	ids []string
	err error
}

func (f fakeNetworkModerators) IsNetworkModerator(_ context.Context, userID string) (bool, error) {
	if f.err != nil {
		return false, f.err
	}
	for _, id := range f.ids {
		if id == userID {
			return true, nil
		}
	}
	return false, nil
}

func TestIsNetworkModeratorAsksConfigurationThenTheDatabase(t *testing.T) {
	cases := []struct {
		name   string
		list   console.NetworkModerators // nil: configuration only
		userID string
		want   bool
		logged bool
	}{
		{name: "in configuration", userID: "CFG1", want: true},
		{name: "in configuration, database failing", list: fakeNetworkModerators{err: errors.New("connection refused")}, userID: "CFG1", want: true},
		{name: "in the database", list: fakeNetworkModerators{ids: []string{"DB1"}}, userID: "DB1", want: true},
		{name: "in neither", list: fakeNetworkModerators{ids: []string{"DB1"}}, userID: "X"},
		{name: "no database list", userID: "DB1"},
		{name: "empty id", list: fakeNetworkModerators{ids: []string{""}}, userID: ""},
		{name: "database failing fails closed", list: fakeNetworkModerators{err: errors.New("connection refused")}, userID: "DB1", logged: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "sqlite")
			var logs bytes.Buffer
			con, err := console.New(console.Config{
				Store: f.db, Core: f.core.Library, Logger: slog.New(slog.NewTextHandler(&logs, nil)),
				NetworkModerators: []string{"CFG1"}, NetworkModeratorStore: tc.list,
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := con.IsNetworkModerator(context.Background(), tc.userID); got != tc.want {
				t.Errorf("IsNetworkModerator(%q) = %v; want %v", tc.userID, got, tc.want)
			}
			if got := strings.Contains(logs.String(), "connection refused"); got != tc.logged {
				t.Errorf("logged the database's error: %v; want %v (log %q)", got, tc.logged, logs.String())
			}
		})
	}
}

// Someone named with `waymark moderators add` edits the network layer, and
// `waymark moderators remove` ends their session at its next request.
func TestRemovingADatabaseNetworkModeratorEndsTheirSession(t *testing.T) {
	eachDialect(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		if err := f.db.AddNetworkModerator(ctx, "DBNET", "Sam, network coordinator", "test"); err != nil {
			t.Fatal(err)
		}
		u := f.signIn(t, f.b, "DBNET")
		if code, page := u.get(t, "/console/edit?layer=network&id="+agm); code != http.StatusOK || !strings.Contains(page, `name="layer" value="network"`) {
			t.Fatalf("a network moderator from the database cannot edit the network's copy: %d", code)
		}
		if err := f.db.RemoveNetworkModerator(ctx, "DBNET"); err != nil {
			t.Fatal(err)
		}
		if code, _ := u.get(t, "/console/entries"); code != http.StatusUnauthorized {
			t.Errorf("the next request after removal: %d; want %d", code, http.StatusUnauthorized)
		}
		// Ended for good: adding them back means asking for a new link.
		if err := f.db.AddNetworkModerator(ctx, "DBNET", "", "test"); err != nil {
			t.Fatal(err)
		}
		if code, _ := u.get(t, "/console/entries"); code != http.StatusUnauthorized {
			t.Errorf("after adding them back: %d; want %d", code, http.StatusUnauthorized)
		}
		// A group moderator never listed gets no network access.
		g := f.signIn(t, f.b, "G1")
		if code, _ := g.get(t, "/console/edit?layer=network&id="+agm); code != http.StatusForbidden {
			t.Errorf("a group moderator opens the network's copy: %d; want %d", code, http.StatusForbidden)
		}
	})
}
