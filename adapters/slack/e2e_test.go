package slack_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	slackadapter "github.com/waymark-org/waymark/adapters/slack"
	"github.com/waymark-org/waymark/adapters/slack/slackfake"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// question is answered with high confidence, so the reply carries the
// related-entry buttons as well as the sources.
const question = "Do we need to register with the Charity Commission in England?"

func eachDialect(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

func mentionData(ws slackfake.Workspace, eventID, ts, text string) map[string]any {
	return map[string]any{"Team": ws.ID, "Bot": ws.BotUserID, "User": "UMEMBER1", "Channel": "C0GENERAL", "TS": ts, "EventID": eventID, "Text": text}
}

func TestMentionIsAnsweredInThreadWithBlockKit(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		h.event("app_mention.json", mentionData(team1, "Ev0MENTION1", "1515449522.000016", question))

		ps := h.wait(has(func(p slackfake.Post) bool { return p.Method == "chat.postMessage" && p.Channel == "C0GENERAL" }))
		p := one(t, ps, func(p slackfake.Post) bool { return p.Channel == "C0GENERAL" })
		if p.ThreadTS != "1515449522.000016" {
			t.Errorf("thread_ts = %q, want the mention's ts", p.ThreadTS)
		}
		if p.Team != team1.ID {
			t.Errorf("posted with %s's token, want %s", p.Team, team1.ID)
		}
		var blocks []map[string]any
		if err := json.Unmarshal([]byte(p.Blocks), &blocks); err != nil {
			t.Fatalf("blocks: %v\n%s", err, p.Blocks)
		}
		// Go's JSON encoder writes < and > as \u003c and \u003e.
		decoded := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(p.Blocks)
		for _, want := range []string{`"action_id":"feedback.helpful"`, `"action_id":"feedback.not_helpful"`, `"action_id":"entry.related"`, "Reviewed November 2026 · Applies to England and Wales", "*Sources*", `\n• <https://www.gov.uk/`} {
			if !strings.Contains(decoded, want) {
				t.Errorf("blocks lack %q:\n%s", want, p.Blocks)
			}
		}
		if strings.Contains(p.Blocks, "**") {
			t.Errorf("Markdown bold left unconverted:\n%s", p.Blocks)
		}
	})
}

func TestDirectMessageAnsweredOnceNotAlsoAsMention(t *testing.T) {
	// One worker takes events in the order they were acknowledged, so once
	// the sentinel sent last is answered, both DM events have been fully
	// handled: a deterministic signal, where with many workers the
	// sentinel could be answered first.
	h := start(t, "sqlite", func(o *options, _ *slackfake.Server) { o.workers = 1 })
	h.install(team1)
	// Slack sends a DM that mentions the app as message.im; an app_mention
	// from a DM channel must not produce a second answer.
	h.event("message_im.json", map[string]any{"Team": team1.ID, "User": "UMEMBER1", "Channel": "D0DM0001", "TS": "1355517523.000005", "EventID": "Ev0DM1", "Text": question})
	h.event("app_mention.json", map[string]any{"Team": team1.ID, "Bot": team1.BotUserID, "User": "UMEMBER1", "Channel": "D0DM0001", "TS": "1355517523.000005", "EventID": "Ev0DM2", "Text": question})
	h.event("app_mention.json", mentionData(team1, "Ev0SENT", "1.1", question))
	ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == "C0GENERAL" }))
	if n := len(where(ps, func(p slackfake.Post) bool { return p.Channel == "D0DM0001" })); n != 1 {
		t.Fatalf("%d replies in the DM, want 1", n)
	}
}

func TestRetriedEventRepliesOnce(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		body := fixture(t, "app_mention.json", mentionData(team1, "Ev0RETRY", "1600000000.000100", question))
		// Slack retries when it thinks we were slow: the same event id, with
		// X-Slack-Retry-Num, possibly while the first is still being handled.
		var wg sync.WaitGroup
		for retry := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if resp := h.send(post{path: "/slack/events", body: body, retry: retry}); resp.StatusCode != http.StatusOK {
					t.Errorf("retry %d: status %d", retry, resp.StatusCode)
				}
			}()
		}
		wg.Wait()
		// Every delivery is acknowledged, and dedupe is decided before the
		// ack, so once a later event is answered no duplicate can follow.
		h.event("app_mention.json", mentionData(team1, "Ev0AFTER", "1600000000.000200", question))
		ps := h.wait(func(ps []slackfake.Post) bool {
			return len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == "1600000000.000200" })) == 1 &&
				len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == "1600000000.000100" })) >= 1
		})
		if n := len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == "1600000000.000100" })); n != 1 {
			t.Fatalf("%d replies to a retried event, want 1", n)
		}
	})
}

func TestSlashCommandsAndModerators(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		cases := []struct {
			name, user, text, want, responseType string
		}{
			{"help", "UMEMBER1", "help", "Commands:", "in_channel"},
			{"ask", "UMEMBER1", "ask " + question, "Sources", "in_channel"},
			{"member cannot change settings", "UMEMBER1", "settings jurisdiction wales", "Only moderators", "ephemeral"},
			{"admin can", "UADMIN01", "settings jurisdiction wales", "Saved", "in_channel"},
			{"too long", "UMEMBER1", "ask " + strings.Repeat("word ", 1000), "I can read up to", "ephemeral"},
		}
		for _, tc := range cases {
			id := strings.ReplaceAll(tc.name, " ", "-")
			h.command(map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": tc.user, "Text": tc.text, "ResponseURL": h.fake.ResponseURL(id)})
			ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == id }))
			p := one(t, ps, func(p slackfake.Post) bool { return p.Channel == id })
			if !strings.Contains(p.Text, tc.want) || p.ResponseType != tc.responseType {
				t.Errorf("%s: %s reply %q, want %s containing %q", tc.name, p.ResponseType, p.Text, tc.responseType, tc.want)
			}
		}
		tn, err := h.db.EnsureTenant(context.Background(), "slack", team1.ID, "")
		if err != nil || tn.Jurisdiction != "wales" {
			t.Fatalf("tenant after settings = %+v, %v", tn, err)
		}
	})
}

func TestButtonClickRecordsAnonymousFeedback(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		const entry = "governance/register-a-charity-england-wales"
		for i, action := range []string{bot.ActionHelpful, bot.ActionNotHelpful, bot.ActionHelpful} {
			id := "click" + string(rune('a'+i))
			h.click(map[string]any{"Team": team1.ID, "User": "UMEMBER1", "Channel": "C0GENERAL", "ResponseURL": h.fake.ResponseURL(id), "Action": action, "Value": entry})
			ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == id }))
			p := one(t, ps, func(p slackfake.Post) bool { return p.Channel == id })
			if p.ResponseType != "ephemeral" || !strings.Contains(p.Text, "Thanks") {
				t.Errorf("click reply = %+v", p)
			}
		}
		tn, _ := h.db.EnsureTenant(context.Background(), "slack", team1.ID, "")
		fb, err := h.db.Feedback(context.Background(), tn.ID)
		if err != nil || len(fb) != 1 || fb[0].Helpful != 2 || fb[0].NotHelpful != 1 {
			t.Fatalf("feedback = %+v, %v", fb, err)
		}
		// "See related" answers privately too.
		h.click(map[string]any{"Team": team1.ID, "User": "UMEMBER1", "Channel": "C0GENERAL", "ResponseURL": h.fake.ResponseURL("related"), "Action": bot.ActionRelated, "Value": entry})
		ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == "related" }))
		if p := one(t, ps, func(p slackfake.Post) bool { return p.Channel == "related" }); !strings.Contains(p.Text, "Related entries") {
			t.Errorf("related reply = %q", p.Text)
		}
	})
}

func TestInstallStoresEncryptedTokenAndWelcomes(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		ctx := context.Background()
		in, err := slackadapter.InstallsOf(h.db).ByTeam(ctx, team1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(in.BotTokenSealed, "xoxb") || !strings.HasPrefix(in.BotTokenSealed, "k1:") {
			t.Fatalf("token stored as %q", in.BotTokenSealed)
		}
		if tok, err := h.keys.Decrypt(in.BotTokenSealed, team1.ID); err != nil || tok != team1.Token {
			t.Fatalf("stored token decrypts to %q, %v", tok, err)
		}
		if in.BotUserID != team1.BotUserID || in.InstallerUser != "U0INSTALLER" {
			t.Errorf("installation = %+v", in)
		}
		tn, err := h.db.Tenant(ctx, in.TenantID)
		if err != nil || !tn.Active || tn.Name != team1.Name {
			t.Fatalf("tenant = %+v, %v", tn, err)
		}
		ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == "D0INSTALLER" }))
		if p := one(t, ps, func(p slackfake.Post) bool { return p.Channel == "D0INSTALLER" }); !strings.Contains(p.Text, "/waymark settings") {
			t.Errorf("welcome = %q", p.Text)
		}
	})
}

func TestOAuthCallbackRefusesBadState(t *testing.T) {
	h := start(t, "sqlite")
	resp, err := h.client.Get(h.base + "/slack/install")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	h.fake.AddOAuthCode("c1", team1)
	for name, state := range map[string]string{"forged": "not-the-state", "empty": ""} {
		t.Run(name, func(t *testing.T) {
			resp, err := h.client.Get(h.base + "/slack/oauth/callback?code=c1&state=" + state)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", resp.StatusCode)
			}
		})
	}
	if _, err := slackadapter.InstallsOf(h.db).ByTeam(context.Background(), team1.ID); !errors.Is(err, bot.ErrNotFound) {
		t.Fatalf("installed despite a bad state: %v", err)
	}
}

func TestForgedAndStaleRequestsRejected(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		body := fixture(t, "app_mention.json", mentionData(team1, "Ev0FORGED", "1.5", "FORGED-BODY-MARKER "+question))
		for _, tc := range []struct {
			name string
			p    post
		}{
			{"wrong secret", post{path: "/slack/events", body: body, secret: "not-the-secret"}},
			{"stale timestamp", post{path: "/slack/events", body: body, ts: time.Now().Add(-6 * time.Minute).Unix()}},
			{"future timestamp", post{path: "/slack/events", body: body, ts: time.Now().Add(6 * time.Minute).Unix()}},
			{"forged command", post{path: "/slack/commands", body: "team_id=" + team1.ID + "&text=help", contentType: "application/x-www-form-urlencoded", secret: "x"}},
			{"forged click", post{path: "/slack/interactions", body: "payload={}", contentType: "application/x-www-form-urlencoded", secret: "x"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if resp := h.send(tc.p); resp.StatusCode != http.StatusUnauthorized {
					t.Fatalf("status %d, want 401", resp.StatusCode)
				}
			})
		}
		// The same event properly signed is handled, and nothing forged was.
		h.event("app_mention.json", mentionData(team1, "Ev0GENUINE", "1.6", question))
		ps := h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "1.6" }))
		if n := len(where(ps, func(p slackfake.Post) bool { return p.ThreadTS == "1.5" })); n != 0 {
			t.Fatalf("%d replies to forged events", n)
		}
		logs := h.logs.String()
		if !strings.Contains(logs, "stale timestamp") || !strings.Contains(logs, "signature mismatch") {
			t.Error("rejections not logged")
		}
		if strings.Contains(logs, "FORGED-BODY-MARKER") {
			t.Error("a rejected body was logged")
		}
	})
}

func TestURLVerificationChallenge(t *testing.T) {
	h := start(t, "sqlite")
	resp := h.send(post{path: "/slack/events", body: fixture(t, "url_verification.json", nil)})
	b := make([]byte, 200)
	n, _ := resp.Body.Read(b)
	if resp.StatusCode != 200 || string(b[:n]) != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("challenge answer: %d %q", resp.StatusCode, b[:n])
	}
}

func TestWorkspacesAreIsolatedAndUninstallStopsReplies(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		h.install(team1)
		h.install(team2)
		ctx := context.Background()

		h.command(map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": "UADMIN01", "Text": "settings jurisdiction scotland", "ResponseURL": h.fake.ResponseURL("set1")})
		// An admin of team 2 is nobody in team 1, and the other way round.
		h.command(map[string]any{"Team": team2.ID, "Channel": "C0GENERAL", "User": "UADMIN01", "Text": "settings jurisdiction wales", "ResponseURL": h.fake.ResponseURL("set2")})
		ps := h.wait(has(func(p slackfake.Post) bool { return p.Channel == "set2" }))
		if p := one(t, ps, func(p slackfake.Post) bool { return p.Channel == "set2" }); !strings.Contains(p.Text, "Only moderators") {
			t.Errorf("team 1's admin changed team 2's settings: %q", p.Text)
		}
		h.wait(has(func(p slackfake.Post) bool { return p.Channel == "set1" }))
		t1, _ := h.db.EnsureTenant(ctx, "slack", team1.ID, "")
		t2, _ := h.db.EnsureTenant(ctx, "slack", team2.ID, "")
		if t1.ID == t2.ID || t1.Jurisdiction != "scotland" || t2.Jurisdiction != "england" {
			t.Fatalf("tenants not isolated: %+v / %+v", t1, t2)
		}

		h.event("app_mention.json", mentionData(team2, "Ev0T2", "2.1", question))
		ps = h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "2.1" }))
		if p := one(t, ps, func(p slackfake.Post) bool { return p.ThreadTS == "2.1" }); p.Team != team2.ID || p.Token != team2.Token {
			t.Fatalf("team 2's answer went out as %s", p.Team)
		}

		h.event("app_uninstalled.json", map[string]any{"Team": team1.ID, "EventID": "Ev0UNINST"})
		waitFor(t, func() bool {
			tn, err := h.db.Tenant(ctx, t1.ID)
			return err == nil && !tn.Active
		})
		in, err := slackadapter.InstallsOf(h.db).ByTeam(ctx, team1.ID)
		if err != nil || in.BotTokenSealed != "" || !in.RevokedAt.Valid {
			t.Fatalf("after uninstall: %+v, %v", in, err)
		}
		h.event("app_mention.json", mentionData(team1, "Ev0T1LATE", "3.1", question))
		h.event("app_mention.json", mentionData(team2, "Ev0T2LATE", "3.2", question))
		ps = h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "3.2" }))
		waitFor(t, func() bool { return strings.Contains(h.logs.String(), "without a live install") })
		if n := len(where(h.fake.Posts(), func(p slackfake.Post) bool { return p.ThreadTS == "3.1" })); n != 0 {
			t.Fatalf("an uninstalled workspace got %d replies", n)
		}

		// Reinstalling reactivates the same tenant, settings intact.
		h.install(team1)
		tn, err := h.db.Tenant(ctx, t1.ID)
		if err != nil || !tn.Active || tn.Jurisdiction != "scotland" {
			t.Fatalf("after reinstall: %+v, %v", tn, err)
		}
		_ = ps
	})
}

func TestCrisisReplyIsEphemeralInChannel(t *testing.T) {
	h := start(t, "sqlite")
	h.install(team1)
	h.event("app_mention.json", mentionData(team1, "Ev0CRISIS", "4.1", "I want to kill myself"))
	ps := h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "4.1" }))
	p := one(t, ps, func(p slackfake.Post) bool { return p.ThreadTS == "4.1" })
	if p.Method != "chat.postEphemeral" || p.User != "UMEMBER1" || !strings.Contains(p.Text, "116 123") {
		t.Fatalf("crisis reply = %+v", p)
	}
	// Counted, and nothing else about it recorded.
	waitFor(t, func() bool { return h.metric("waymark_replies_total,outcome=delivered,platform=slack") >= 2 })
	for name, want := range map[string]float64{
		"waymark_crisis_replies_total,platform=slack":            1,
		"waymark_answers_total,kind=crisis,platform=slack":       1,
		"waymark_events_total,outcome=accepted,platform=slack":   1,
		"waymark_replies_total,outcome=delivered,platform=slack": 2, // the welcome and the crisis reply
	} {
		if got := h.metric(name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

func TestRateLimitedAndFailedDeliveriesAreRetried(t *testing.T) {
	for _, rateLimited := range []bool{true, false} {
		name := "server error"
		if rateLimited {
			name = "rate limited"
		}
		t.Run(name, func(t *testing.T) {
			h := start(t, "sqlite")
			h.install(team1)
			h.fake.FailNext(3, rateLimited)
			h.event("app_mention.json", mentionData(team1, "Ev0RL", "5.1", question))
			ps := h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "5.1" }))
			one(t, ps, func(p slackfake.Post) bool { return p.ThreadTS == "5.1" })
			if !strings.Contains(h.logs.String(), "retrying") {
				t.Error("retries not logged")
			}
		})
	}
}

func TestLogsNeverContainTokensOrSecrets(t *testing.T) {
	h := start(t, "sqlite")
	h.install(team1)
	h.fake.FailNext(2, false)
	h.event("app_mention.json", mentionData(team1, "Ev0LOG", "6.1", question))
	h.send(post{path: "/slack/events", body: "{}", secret: "wrong"})
	h.wait(has(func(p slackfake.Post) bool { return p.ThreadTS == "6.1" }))
	logs := h.logs.String()
	for _, secret := range []string{team1.Token, "xoxb-", signingSecret, "client-secret-xyz"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
	if !strings.Contains(logs, "tenant=") {
		t.Error("delivery failures are not logged with the tenant")
	}
}

func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// GET /slack/install needs no authentication, so it must cost nothing to
// call: the OAuth state is signed and carried by the browser, not stored.
func TestInstallLinkWritesNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect string) {
		h := start(t, dialect)
		for range 200 {
			resp, err := h.client.Get(h.base + "/slack/install")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("install: status %d", resp.StatusCode)
			}
		}
		var n int
		if err := h.db.X().GetContext(context.Background(), &n, "SELECT COUNT(*) FROM slack_oauth_states"); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("200 install links wrote %d rows", n)
		}
		h.install(team1) // the signed state still completes an install
	})
}

// A reply that cannot be delivered to its response_url is logged without
// the URL, which carries a one-time token (scanLogs checks every line).
func TestFailedReplyLogsNoResponseURL(t *testing.T) {
	h := start(t, "sqlite")
	h.install(team1)
	// Nothing listens here: the delivery fails with the URL in the error.
	dead := "http://127.0.0.1:9/commands/T0001AAAA/1234567890/ONE-TIME-TOKEN-a1b2c3"
	h.command(map[string]any{"Team": team1.ID, "Channel": "C0GENERAL", "User": "UMEMBER1", "Text": "help", "ResponseURL": dead})
	waitFor(t, func() bool { return strings.Contains(h.logs.String(), "reply not delivered") })
	if strings.Contains(h.logs.String(), "ONE-TIME-TOKEN") {
		t.Error("the response_url's token was logged")
	}
}
