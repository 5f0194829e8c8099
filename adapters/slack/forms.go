package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/slack-go/slack"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/adapterkit"
	"github.com/waymark-org/waymark/internal/obs"
)

// formCallback is the callback_id of every modal Waymark opens; the
// form's own id travels in private_metadata.
const formCallback = "waymark_form"

// submitTimeout keeps a view submission's answer inside the three
// seconds Slack waits for it.
const submitTimeout = 2500 * time.Millisecond

// formMeta is a modal's private_metadata (at most 3,000 characters; the
// core keeps a form's id and value short).
type formMeta struct {
	Form  string `json:"form"`
	Value string `json:"value"`
}

// Modal renders a core form as a Slack modal: one input block per field,
// whose block_id and action_id are both the field's id, so errors (keyed
// by block) and values (by block, then action) map back to fields.
func Modal(f *bot.Form) (slack.ModalViewRequest, error) {
	meta, err := json.Marshal(formMeta{Form: f.ID, Value: f.Value})
	if err != nil {
		return slack.ModalViewRequest{}, fmt.Errorf("form metadata: %w", err)
	}
	plain := func(s string, max int) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, adapterkit.Truncate(s, max, "…"), false, false)
	}
	var blocks []slack.Block
	for _, fl := range f.Fields {
		el := slack.NewPlainTextInputBlockElement(nil, fl.ID)
		el.Multiline, el.InitialValue = fl.Multiline, fl.Value
		el.MaxLength = min(fl.MaxLength, bot.FormFieldMaxSlack)
		if el.MaxLength <= 0 {
			el.MaxLength = bot.FormFieldMaxSlack
		}
		blocks = append(blocks, slack.NewInputBlock(fl.ID, plain(fl.Label, 2000), nil, el))
	}
	submit := f.Submit
	if submit == "" {
		submit = "Save"
	}
	// Slack allows 24 characters in a modal's title and buttons.
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: formCallback, PrivateMetadata: string(meta),
		Title: plain(f.Title, 24), Submit: plain(submit, 24), Close: plain("Cancel", 24),
		Blocks: slack.Blocks{BlockSet: blocks},
	}, nil
}

// openForm opens a reply's form with a slash command's trigger.
func (a *Adapter) openForm(ctx context.Context, tm *team, triggerID string, f *bot.Form) error {
	view, err := Modal(f)
	if err != nil {
		return err
	}
	if _, err := tm.client.OpenViewContext(ctx, triggerID, view); err != nil {
		return fmt.Errorf("views.open: %w", err)
	}
	return nil
}

// submitView hands a modal's submission to the core. It returns what to
// answer Slack with (nil closes the modal), and the reply to send the
// person privately afterwards, if any. The submitter's moderator flag is
// looked up again, as for a command: the modal proves nothing about who
// may save.
func (a *Adapter) submitView(ctx context.Context, cb slack.InteractionCallback) (*slack.ViewSubmissionResponse, func(context.Context)) {
	if cb.View.CallbackID != formCallback {
		return nil, nil
	}
	t, tm, err := a.tenantFor(ctx, cb.Team.ID)
	if err != nil {
		a.logResolve(ctx, cb.Team.ID, err)
		return slack.NewErrorsViewSubmissionResponse(a.everyField(cb, "Waymark is not set up in this workspace any more; nothing was saved.")), nil
	}
	var meta formMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil {
		// Not a modal Waymark opened; the core refuses an empty form id.
		meta = formMeta{}
	}
	sub := bot.FormSubmission{Form: meta.Form, Value: meta.Value, Fields: map[string]string{}}
	if cb.View.State != nil {
		for _, actions := range cb.View.State.Values {
			for id, act := range actions {
				sub.Fields[id] = act.Value
			}
		}
	}
	req := bot.Request{Tenant: t, UserID: cb.User.ID, UserName: cb.User.Name, Moderator: a.isAdmin(ctx, tm, cb.User.ID)}
	reply := a.core.Submit(ctx, req, sub)
	a.metrics.Answer(Platform, string(reply.Kind))
	if len(reply.FieldErrors) > 0 {
		errs := make(map[string]string, len(reply.FieldErrors))
		for k, v := range reply.FieldErrors {
			errs[k] = adapterkit.Truncate(v, 1000, "…")
		}
		return slack.NewErrorsViewSubmissionResponse(errs), nil
	}
	// A modal has no channel to answer in, and the bot may not be in the
	// one the command came from: the result goes by DM, where it is
	// private anyway.
	to := target{tenantID: t.ID, team: tm, user: cb.User.ID, direct: true}
	return nil, func(ctx context.Context) { _ = a.deliver(ctx, to, reply, nil) }
}

// everyField shows msg against each field of the submitted modal.
func (a *Adapter) everyField(cb slack.InteractionCallback, msg string) map[string]string {
	errs := map[string]string{}
	if cb.View.State != nil {
		for block := range cb.View.State.Values {
			errs[block] = msg
		}
	}
	return errs
}

// serveViewSubmission answers a modal's submission within the request:
// Slack shows errors in the modal only if they come back in the response.
func (a *Adapter) serveViewSubmission(w http.ResponseWriter, r *http.Request, cb slack.InteractionCallback) {
	if !a.pool.Reserve() {
		a.busy(w, r, cb.Team.ID)
		return
	}
	if !a.firstDelivery(w, r, cb.Team.ID) {
		a.pool.Release()
		return
	}
	a.metrics.Event(Platform, obs.EventAccepted)
	ctx, cancel := context.WithTimeout(r.Context(), submitTimeout)
	resp, then := a.submitView(ctx, cb)
	cancel()
	if resp != nil {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(resp)
	} else {
		w.WriteHeader(http.StatusOK)
	}
	if then == nil {
		a.pool.Release()
		return
	}
	a.pool.Enqueue(adapterkit.Task{What: "form reply", Team: cb.Team.ID, Run: then})
}
