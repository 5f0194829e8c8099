package discord_test

import (
	"context"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit/adaptertest"
)

const manageServer = discordgo.PermissionManageServer

// Every request is checked against the application's Ed25519 key before
// its body is looked at: forged, missing, stale and replayed ones never
// reach the core.
func TestInteractionSignatures(t *testing.T) {
	h := start(t)
	ping := interaction{"id": "800000000000000001", "type": 1, "application_id": h.fake.AppID, "token": "t", "version": 1}
	if r := h.send(ping); r.code != http.StatusOK || r.body.Type != int(discordgo.InteractionResponsePong) {
		t.Fatalf("signed PING: %d %s", r.code, r.raw)
	}
	cases := map[string]func(req *http.Request, body []byte){
		"missing": func(*http.Request, []byte) {},
		"forged": func(req *http.Request, body []byte) {
			sig, ts := h.fake.Sign(append([]byte(nil), body...), time.Now())
			b, _ := hex.DecodeString(sig)
			b[0] ^= 1
			req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(b))
			req.Header.Set("X-Signature-Timestamp", ts)
		},
		"body changed after signing": func(req *http.Request, body []byte) {
			sig, ts := h.fake.Sign([]byte(strings.Replace(string(body), "1", "2", 1)), time.Now())
			req.Header.Set("X-Signature-Ed25519", sig)
			req.Header.Set("X-Signature-Timestamp", ts)
		},
		"no timestamp": func(req *http.Request, body []byte) {
			sig, _ := h.fake.Sign(body, time.Now())
			req.Header.Set("X-Signature-Ed25519", sig)
		},
		"stale": func(req *http.Request, body []byte) {
			sig, ts := h.fake.Sign(body, time.Now().Add(-10*time.Minute))
			req.Header.Set("X-Signature-Ed25519", sig)
			req.Header.Set("X-Signature-Timestamp", ts)
		},
	}
	for name, sign := range cases {
		if r := h.send(ping, sign); r.code != http.StatusUnauthorized {
			t.Errorf("%s signature: status %d, want 401", name, r.code)
		}
	}

	// A valid request sent twice (a captured request replayed) is
	// answered once.
	in := h.command(member, 0, "ask", opt("question", adaptertest.Question))
	first := h.send(in)
	if first.code != http.StatusOK || first.body.Type != int(discordgo.InteractionResponseChannelMessageWithSource) {
		t.Fatalf("first delivery: %d %s", first.code, first.raw)
	}
	replay := h.send(in)
	if replay.code != http.StatusOK || replay.body.Type == int(discordgo.InteractionResponseChannelMessageWithSource) || replay.text() != "" {
		t.Fatalf("replay was answered: %d %s", replay.code, replay.raw)
	}
}

// /waymark ask answers with an embed, buttons with Slack's action ids,
// and nothing private about it; a crisis is ephemeral (flag 64).
func TestAskAnswersWithEmbedAndCrisisIsEphemeral(t *testing.T) {
	h := start(t)
	r := h.send(h.command(member, 0, "ask", opt("question", adaptertest.Question)))
	if r.body.Type != 4 || len(r.body.Data.Embeds) != 1 || r.body.Data.Embeds[0].Title == "" {
		t.Fatalf("answer: %s", r.raw)
	}
	if r.body.Data.Flags&64 != 0 {
		t.Error("an ordinary answer was ephemeral")
	}
	for _, want := range []string{bot.ActionHelpful, bot.ActionNotHelpful} {
		if !strings.Contains(r.raw, `"custom_id":"`+want+`|`) {
			t.Errorf("no %s button: %s", want, r.raw)
		}
	}
	c := h.send(h.command(member, 0, "ask", opt("question", adaptertest.Crisis)))
	if c.body.Type != 4 || c.body.Data.Flags&64 == 0 {
		t.Fatalf("crisis reply not ephemeral: %s", c.raw)
	}
	if !strings.Contains(c.text(), "Samaritans") && !strings.Contains(c.text(), "999") {
		t.Errorf("crisis reply without signposting: %s", c.text())
	}
}

// slowCore holds every answer past the budget.
type slowCore struct {
	*assistant.Assistant
	delay time.Duration
}

func (c slowCore) Handle(ctx context.Context, req bot.Request) bot.Reply {
	time.Sleep(c.delay)
	return c.Assistant.Handle(ctx, req)
}

// An answer that misses the 3-second window is deferred (type 5) and
// arrives by editing the deferred message; a private one after a public
// deferral replaces it with an ephemeral follow-up.
func TestSlowAnswerIsDeferredThenFollowedUp(t *testing.T) {
	h := start(t, func(o *options) {
		o.budget = 50 * time.Millisecond
		o.wrap = func(b *assistant.Assistant) discord.Core {
			return slowCore{Assistant: b, delay: 300 * time.Millisecond}
		}
	})
	r := h.send(h.command(member, 0, "ask", opt("question", adaptertest.Question)))
	if r.body.Type != int(discordgo.InteractionResponseDeferredChannelMessageWithSource) || r.body.Data.Flags&64 != 0 {
		t.Fatalf("slow answer: %s", r.raw)
	}
	ps := h.waitPosts("the follow-up", func(ps []discordfake.Post) bool { return count(ps, kind("edit")) == 1 })
	for _, p := range ps {
		if p.Kind == "edit" && !strings.Contains(p.Body.Text(), "charit") {
			t.Errorf("follow-up: %q", p.Body.Text())
		}
	}
	// forget-me is deferred ephemeral from the start.
	r = h.send(h.command(member, 0, "forget-me"))
	if r.body.Type != 5 || r.body.Data.Flags&64 == 0 {
		t.Fatalf("forget-me deferral: %s", r.raw)
	}
	// kb is deferred publicly; a moderator-only refusal is private, so
	// the deferral is deleted and the reply is an ephemeral follow-up.
	r = h.send(h.command(member, 0, "kb", opt("text", "gaps")))
	if r.body.Type != 5 || r.body.Data.Flags&64 != 0 {
		t.Fatalf("kb deferral: %s", r.raw)
	}
	h.waitPosts("an ephemeral follow-up", func(ps []discordfake.Post) bool {
		return count(ps, kind("delete")) == 1 && count(ps, func(p discordfake.Post) bool { return p.Kind == "followup" && p.Flags&64 != 0 }) == 1
	})
}

// recordingCore records the requests the core is handed.
type recordingCore struct {
	*assistant.Assistant
	mu   sync.Mutex
	reqs []bot.Request
}

func (c *recordingCore) Action(ctx context.Context, req bot.Request, action, value string) bot.Reply {
	c.mu.Lock()
	c.reqs = append(c.reqs, req)
	c.mu.Unlock()
	return c.Assistant.Action(ctx, req, action, value)
}

// Buttons come back with the same action ids as Slack's, and the click
// carries the moderator flag from Manage Server.
func TestButtonsRouteToCoreActions(t *testing.T) {
	rec := &recordingCore{}
	h := start(t, func(o *options) {
		o.wrap = func(b *assistant.Assistant) discord.Core { rec.Assistant = b; return rec }
	})
	r := h.send(h.click(admin, manageServer, bot.ActionRelated, adaptertest.EntryID))
	if r.body.Type != 4 {
		t.Fatalf("related: %s", r.raw)
	}
	h.send(h.click(member, 0, bot.ActionHelpful, adaptertest.EntryID))
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) != 2 || !rec.reqs[0].Moderator || rec.reqs[1].Moderator {
		t.Fatalf("moderator flags on clicks: %+v", rec.reqs)
	}
}

// /waymark deadline with no arguments opens a form; submitting it adds
// the deadline. /waymark checkin note opens a form for a private note.
func TestModals(t *testing.T) {
	h := start(t)
	r := h.send(h.command(member, 0, "deadline"))
	if r.body.Type != int(discordgo.InteractionResponseModal) || r.body.Data.CustomID == "" || !strings.Contains(r.raw, `"custom_id":"title"`) {
		t.Fatalf("deadline form: %s", r.raw)
	}
	submit := h.inGuild(member, 0, interaction{"type": 5, "data": map[string]any{
		"custom_id": r.body.Data.CustomID,
		"components": []any{
			row("title", "Annual return"), row("when", "15 December 2027"), row("more", ""),
		},
	}})
	got := h.send(submit)
	if got.body.Type != 4 || !strings.Contains(got.text(), "Annual return") {
		t.Fatalf("deadline form submitted: %s", got.raw)
	}
	r = h.send(h.command(member, 0, "checkin", opt("text", "note")))
	if r.body.Type != 9 || !strings.Contains(r.raw, `"custom_id":"note"`) {
		t.Fatalf("note form: %s", r.raw)
	}
}

func row(id, value string) map[string]any {
	return map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": id, "value": value}}}
}

// Autocomplete offers entry ids that match what was typed, at most 25.
func TestAutocompleteEntryIDs(t *testing.T) {
	h := start(t)
	in := h.inGuild(member, 0, interaction{"type": 4, "data": map[string]any{"id": "600", "name": "waymark", "type": 1, "options": []any{
		map[string]any{"name": "kb", "type": 1, "options": []any{
			map[string]any{"name": "text", "type": 3, "value": "show"},
			map[string]any{"name": "entry", "type": 3, "value": "charity", "focused": true},
		}},
	}}})
	r := h.send(in)
	if r.body.Type != 8 || len(r.body.Data.Choices) == 0 || len(r.body.Data.Choices) > 25 {
		t.Fatalf("autocomplete: %s", r.raw)
	}
	found := false
	for _, c := range r.body.Data.Choices {
		name, _ := c["name"].(string)
		value, _ := c["value"].(string)
		if len([]rune(name)) > 100 || len(value) > 100 {
			t.Errorf("choice over Discord's 100 characters: %v", c)
		}
		found = found || value == adaptertest.EntryID
	}
	if !found {
		t.Errorf("%s not offered for \"charity\": %v", adaptertest.EntryID, r.body.Data.Choices)
	}
}

// No match is an explicit empty list, which Discord requires.
func TestAutocompleteNoMatch(t *testing.T) {
	h := start(t)
	in := h.inGuild(member, 0, interaction{"type": 4, "data": map[string]any{"id": "600", "name": "waymark", "type": 1, "options": []any{
		map[string]any{"name": "kb", "type": 1, "options": []any{
			map[string]any{"name": "entry", "type": 3, "value": "zzzqqqxxx", "focused": true},
		}},
	}}})
	r := h.send(in)
	if r.body.Type != 8 || !strings.Contains(r.raw, `"choices":[]`) {
		t.Fatalf("autocomplete with no match: %s", r.raw)
	}
}

// Deferred answers are followed up side by side, not one at a time:
// discordgo puts every interaction webhook request in one rate-limit
// bucket, held for the whole round trip, so with Discord ~300 ms away
// sixteen follow-ups took 16 × 300 ms, the workers waited in line, and
// under load new interactions were refused. Each interaction's token has
// its own limits at Discord.
func TestDeferredAnswersAreFollowedUpConcurrently(t *testing.T) {
	h := start(t, func(o *options) {
		o.budget = 10 * time.Millisecond
		o.wrap = func(b *assistant.Assistant) discord.Core {
			return slowCore{Assistant: b, delay: 100 * time.Millisecond}
		}
	})
	const n = 16
	const rtt = 300 * time.Millisecond
	h.fake.SetWebhookDelay(rtt)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := h.send(h.command(member, 0, "ask", opt("question", adaptertest.Question))); r.body.Type != 5 {
				t.Errorf("not deferred: %s", r.raw)
			}
		}()
	}
	wg.Wait()
	began := time.Now()
	h.waitPosts("every follow-up", func(ps []discordfake.Post) bool { return count(ps, kind("edit")) == n })
	// One at a time would take n × rtt (4.8 s); side by side about one
	// round trip, with room for a slow machine.
	if took := time.Since(began); took > n*rtt/3 {
		t.Errorf("%d follow-ups took %s: sent one at a time", n, took.Round(time.Millisecond))
	}
}

// A follow-up's round trip to Discord does not hold a worker: workers are
// for answering. When follow-ups ran on the workers, two workers each
// waiting a second for Discord filled a queue of four, and interactions
// arriving meanwhile were refused with 503 ("This interaction failed").
func TestFollowUpsDoNotHoldWorkers(t *testing.T) {
	h := start(t, func(o *options) {
		o.workers, o.queue = 2, 4
		o.budget = 5 * time.Millisecond
		o.wrap = func(b *assistant.Assistant) discord.Core { return slowCore{Assistant: b, delay: 30 * time.Millisecond} }
	})
	h.fake.SetWebhookDelay(time.Second)
	const n = 12
	for i := range n {
		if r := h.send(h.command(member, 0, "ask", opt("question", adaptertest.Question))); r.code != 200 || r.body.Type != 5 {
			t.Fatalf("interaction %d: %d %s", i+1, r.code, r.raw)
		}
		time.Sleep(40 * time.Millisecond)
	}
	h.waitPosts("every follow-up", func(ps []discordfake.Post) bool { return count(ps, kind("edit")) == n })
}
