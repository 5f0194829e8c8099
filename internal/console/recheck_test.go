package console_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/console"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestSessionsAreRecheckedOnEveryRequest: a session lasts only as long as
// whatever made its holder a moderator, where that can be checked again.
func TestSessionsAreRecheckedOnEveryRequest(t *testing.T) {
	setModerator := func(t *testing.T, f *fixture, id string, on bool) {
		t.Helper()
		_, err := f.db.ChangeTenant(context.Background(), f.a.ID, func(tn *bot.Tenant) error {
			tn.Settings.Moderators = slices.DeleteFunc(tn.Settings.Moderators, func(m string) bool { return m == id })
			if on {
				tn.Settings.Moderators = append(tn.Settings.Moderators, id)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name   string
		userID string
		via    bot.ModeratorVia
		// listed: on the group's settings list when the link is made.
		listed bool
		// change happens between signing in and the next page; it
		// returns the console's base URL to ask (the same, or another
		// console on the same database, as after a restart).
		change func(t *testing.T, f *fixture) string
		want   int
	}{
		{
			name: "settings-list moderator still listed", userID: "S1", via: bot.ViaSettings, listed: true,
			change: func(t *testing.T, f *fixture) string { return f.srv.URL },
			want:   http.StatusOK,
		},
		{
			name: "settings-list moderator removed from the list", userID: "S1", via: bot.ViaSettings, listed: true,
			change: func(t *testing.T, f *fixture) string { setModerator(t, f, "S1", false); return f.srv.URL },
			want:   http.StatusUnauthorized,
		},
		{
			name: "network moderator taken off the network list", userID: "NET1", via: bot.ViaPlatform,
			change: func(t *testing.T, f *fixture) string {
				con, err := console.New(console.Config{Store: f.db, Core: f.core.Library, Logger: storetest.Logger(t), Now: f.clock.Now})
				if err != nil {
					t.Fatal(err)
				}
				srv := httptest.NewServer(con.Handler())
				t.Cleanup(srv.Close)
				return srv.URL
			},
			want: http.StatusUnauthorized,
		},
		{
			name: "network moderator still on the network list", userID: "NET1", via: bot.ViaPlatform,
			change: func(t *testing.T, f *fixture) string { return f.srv.URL },
			want:   http.StatusOK,
		},
		{
			name: "platform-qualified session keeps its expiry", userID: "P1", via: bot.ViaPlatform,
			change: func(t *testing.T, f *fixture) string {
				// Nothing here can ask the platform; the list does not
				// name P1 and never did.
				setModerator(t, f, "P1", false)
				f.clock.Add(7 * time.Hour)
				return f.srv.URL
			},
			want: http.StatusOK,
		},
		{
			name: "group uninstalled", userID: "P1", via: bot.ViaPlatform,
			change: func(t *testing.T, f *fixture) string {
				if err := f.db.DeactivateTenant(context.Background(), f.a.ID, time.Now()); err != nil {
					t.Fatal(err)
				}
				return f.srv.URL
			},
			want: http.StatusUnauthorized,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eachDialect(t, func(t *testing.T, f *fixture) {
				if tc.listed {
					setModerator(t, f, tc.userID, true)
				}
				u := f.signInVia(t, f.a, tc.userID, tc.via)
				if code, _ := u.get(t, "/console/entries"); code != http.StatusOK {
					t.Fatalf("before the change: %d", code)
				}
				other := *f
				other.srv = &httptest.Server{URL: tc.change(t, f)}
				u.f = &other
				if code, _ := u.get(t, "/console/entries"); code != tc.want {
					t.Errorf("after the change: %d; want %d", code, tc.want)
				}
				if tc.want == http.StatusUnauthorized {
					// Signed out for good: putting things back does not
					// bring the old session back.
					if tc.listed {
						setModerator(t, f, tc.userID, true)
					}
					if code, _ := u.get(t, "/console/entries"); code != http.StatusUnauthorized {
						t.Errorf("afterwards: %d; want %d", code, http.StatusUnauthorized)
					}
				}
			})
		})
	}
}
