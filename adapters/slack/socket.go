package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
)

// RunSocketMode serves one workspace over Socket Mode, for a group without
// a public URL: Slack pushes events down a websocket the app opens with its
// app-level token (xapp-...). UseBotToken must have been called. Every
// envelope is acknowledged at once; the work happens afterwards, deduped
// in the database exactly as over HTTP.
func (a *Adapter) RunSocketMode(ctx context.Context, appToken string) error {
	a.mu.Lock()
	static := a.static
	a.mu.Unlock()
	if static == nil {
		return errors.New("socket mode: call UseBotToken with SLACK_BOT_TOKEN first")
	}
	api := a.newClient("", slack.OptionAppLevelToken(appToken))
	// This client only opens the socket (apps.connections.open takes the
	// app-level token); replies go through the bot token's client.
	sm := socketmode.New(api)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case evt, ok := <-sm.Events:
				if !ok {
					return
				}
				func() {
					defer obs.Recover(ctx, a.log, a.metrics, "slack_socket", nil)
					a.socketEvent(ctx, sm, evt)
				}()
			}
		}
	}()
	err := sm.RunContext(ctx)
	<-done
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("socket mode: %w", err)
}

func (a *Adapter) socketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected:
		a.log.InfoContext(ctx, "socket mode connected")
	case socketmode.EventTypeEventsAPI:
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || ev.Type != slackevents.CallbackEvent {
			a.ack(ctx, sm, evt)
			return
		}
		cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
		if !ok || cb.EventID == "" {
			a.ack(ctx, sm, evt)
			return
		}
		// Envelopes arrive one at a time: waiting here for room in the
		// queue, before acknowledging, is the back-pressure.
		if !a.pool.ReserveWait(ctx) {
			return // stopping: unacknowledged, so Slack sends it again
		}
		a.ack(ctx, sm, evt)
		cctx, cancel := context.WithTimeout(ctx, adapterkit.ClaimTimeout)
		first, err := a.claim(cctx, cb.EventID)
		cancel()
		if err != nil {
			a.metrics.Event(Platform, obs.EventDBError)
			a.claimErrors.Log(ctx, a.log, slog.LevelError, "dedupe slack event", "team", cb.TeamID, "err", err)
			// Acknowledged already; handling it risks a duplicate, dropping
			// it risks silence. A reply twice is the lesser harm here.
		} else if !first {
			a.pool.Release()
			a.metrics.Event(Platform, obs.EventDuplicate)
			return
		}
		a.metrics.Event(Platform, obs.EventAccepted)
		a.pool.Enqueue(adapterkit.Task{What: "event " + ev.InnerEvent.Type, Team: cb.TeamID, Run: func(ctx context.Context) { a.dispatchEvent(ctx, ev) }})
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if ok && !a.pool.ReserveWait(ctx) {
			return
		}
		a.ack(ctx, sm, evt)
		if ok {
			a.metrics.Event(Platform, obs.EventAccepted)
			a.pool.Enqueue(adapterkit.Task{What: "command", Team: cmd.TeamID, Run: func(ctx context.Context) { a.runCommand(ctx, cmd) }})
		}
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if ok && cb.Type == slack.InteractionTypeViewSubmission {
			a.socketViewSubmission(ctx, sm, evt, cb)
			return
		}
		ok = ok && cb.Type == slack.InteractionTypeBlockActions
		if ok && !a.pool.ReserveWait(ctx) {
			return
		}
		a.ack(ctx, sm, evt)
		if ok {
			a.metrics.Event(Platform, obs.EventAccepted)
			a.pool.Enqueue(adapterkit.Task{What: "click", Team: cb.Team.ID, Run: func(ctx context.Context) { a.runActions(ctx, cb) }})
		}
	}
}

func (a *Adapter) ack(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	if evt.Request == nil {
		return
	}
	if err := sm.AckCtx(ctx, evt.Request.EnvelopeID, nil); err != nil {
		a.log.WarnContext(ctx, "socket mode ack", "err", err)
	}
}

// socketViewSubmission answers a modal's submission in the envelope's
// ack, where Socket Mode carries what the HTTP response would.
func (a *Adapter) socketViewSubmission(ctx context.Context, sm *socketmode.Client, evt socketmode.Event, cb slack.InteractionCallback) {
	sctx, cancel := context.WithTimeout(ctx, submitTimeout)
	resp, then := a.submitView(sctx, cb)
	cancel()
	if evt.Request != nil {
		var payload any
		if resp != nil {
			payload = resp
		}
		if err := sm.AckCtx(ctx, evt.Request.EnvelopeID, payload); err != nil {
			a.log.WarnContext(ctx, "socket mode ack", "err", err)
		}
	}
	if then != nil && a.pool.ReserveWait(ctx) {
		a.pool.Enqueue(adapterkit.Task{What: "form reply", Team: cb.Team.ID, Run: then})
	}
}
