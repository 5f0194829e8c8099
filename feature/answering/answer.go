package answering

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

var (
	greeting = regexp.MustCompile(`^(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|morning|evening|yo|hallo|hullo)( there| waymark| all| everyone| folks)?[!. ]*$`)
	thanks   = regexp.MustCompile(`^(thanks|thank you|thank u|ta|cheers|many thanks|thx|ty|brilliant|great|perfect|lovely|that helps|that helped|nice one|ok thanks|okay thanks|ok|okay|cool|grand)( so much| very much| a lot| waymark| again)?[!. ]*$`)
	helpAsk  = regexp.MustCompile(`^/?(help|what can you do|what do you do|who are you|what are you|how do (i|you) use (you|this|waymark)|commands|menu)\??[!. ]*$`)
)

// Ask answers a question from the knowledge base, after the crisis screen.
func (a *Answering) Ask(ctx context.Context, req bot.Request, question string) bot.Reply {
	v := a.safeguard.Screen(question)
	if v.Risky() {
		return a.safeguard.CrisisReply(ctx, req, v)
	}
	return a.ask(ctx, req, question, v)
}

// ask answers a question whose safety screen has already run and found no
// risk; only a medical question changes the answer here.
func (a *Answering) ask(ctx context.Context, req bot.Request, question string, v safety.Verdict) bot.Reply {
	q := strings.TrimSpace(question)
	lower := strings.ToLower(q)
	switch {
	case q == "":
		return bot.InfoReply("Ask me a question about running your group, for example: \"Do we need to register as a charity?\" Type /waymark help to see everything I can do.")
	case greeting.MatchString(lower):
		return bot.InfoReply("Hello! I'm Waymark. I answer questions about running a user-led group: governance, safeguarding, funding and commissioning, and looking after yourself as an organiser. Ask me anything, or type /waymark help.")
	case thanks.MatchString(lower):
		return bot.InfoReply("You're welcome. Running a group is a lot of work: ask again any time.")
	case helpAsk.MatchString(lower):
		return a.commands.Help()
	}
	if r, command, ok := a.notAQuestion(ctx, req.Tenant, q); ok {
		if command {
			req.Command, req.Text = true, strings.TrimPrefix(q, "/")
			return a.commands.RunCommand(ctx, req)
		}
		return r
	}
	if v.Medical {
		return bot.Reply{Kind: bot.KindNoAnswer, Text: strings.TrimSpace(a.lines.Medical), Private: true}
	}
	if why := outsideRemit(q); why != "" {
		return bot.Reply{Kind: bot.KindNoAnswer, Text: why + "\n\n" + coverage}
	}
	// "This bid is killing me, how do I cost overheads?" is searched
	// without the idiom, or it would match entries about suicide.
	q, hadIdiom := a.screener.StripIdioms(q)
	ix := a.entries.Index(ctx, req.Tenant)
	if hadIdiom && !ix.Meaningful(q) {
		return a.underPressure()
	}
	hits, j, u := a.search(ix, req, q, searchLimit)
	switch level := a.confidence.Level(hits); level {
	case ConfidenceHigh, ConfidenceTentative:
		return a.withLayer(ctx, req.Tenant, a.alsoAsked(ix, u, j, a.answer(hits, j, level)))
	}
	// A question with any word of risk in it is not kept, even though the
	// screen let it through: the gaps log is read by moderators.
	if !v.Hinted {
		a.recordUnanswered(ctx, req, q)
	}
	return a.noAnswer(hits)
}

// search reads a message as a question and ranks entries for it, in the
// nation the message names or the group's own.
func (a *Answering) search(ix *knowledge.Index, req bot.Request, q string, limit int) ([]knowledge.Hit, string, knowledge.Query) {
	u := knowledge.Understand(q, a.gazetteer)
	j := req.Jurisdiction()
	if u.Jurisdiction != "" {
		j = u.Jurisdiction
	}
	// The whole message is searched: backstory words ("a hearing voices
	// group") more often say what it is about than drown the question,
	// once places are taken out and shorthand is rewritten (measured on the
	// development sets; see the README).
	hits := ix.Search(u.Text, knowledge.SearchOptions{Jurisdiction: j, Limit: limit, SimWeight: a.confidence.SimWeight, LearnedWeight: a.confidence.LearnedWeight, Named: u.Jurisdiction != ""})
	return hits, j, u
}

// searchLimit is how many hits answering reads: the best, and the
// alternatives a tentative answer offers.
const searchLimit = 4

// Explained is what the answering path sees for a question.
type Explained struct {
	Hits []knowledge.Hit
	// Answer is the reply Hits[0] would give.
	Answer bot.Reply
}

// Explain shows what the answering path sees for a question, without
// answering it or keeping anything; ok is false for a message that never
// reaches the search (a crisis, a greeting, a command, junk, a medical
// question). `waymark eval fit` fits the confidence model with it.
func (a *Answering) Explain(ctx context.Context, t *bot.Tenant, question string) (Explained, bool) {
	return a.ExplainN(ctx, t, question, searchLimit)
}

// ExplainN is Explain with up to limit hits, for diagnostics that ask
// how far down the right entry was.
func (a *Answering) ExplainN(ctx context.Context, t *bot.Tenant, question string, limit int) (Explained, bool) {
	q := strings.TrimSpace(question)
	lower := strings.ToLower(q)
	v := a.safeguard.Screen(q)
	if q == "" || v.Risky() || v.Medical || outsideRemit(q) != "" || greeting.MatchString(lower) || thanks.MatchString(lower) || helpAsk.MatchString(lower) {
		return Explained{}, false
	}
	if _, _, ok := a.notAQuestion(ctx, t, q); ok {
		return Explained{}, false
	}
	ix := a.entries.Index(ctx, t)
	q, _ = a.screener.StripIdioms(q)
	hits, j, _ := a.search(ix, bot.Request{Tenant: t}, q, limit)
	x := Explained{Hits: hits}
	if len(hits) > 0 {
		x.Answer = a.answer(hits, j, ConfidenceHigh)
	}
	return x, true
}

// alsoAsked offers the answer to a second question asked in the same
// message, as a suggestion: one answer at a time keeps replies readable.
func (a *Answering) alsoAsked(ix *knowledge.Index, u knowledge.Query, j string, r bot.Reply) bot.Reply {
	if u.Other == "" {
		return r
	}
	hits := ix.Search(u.Other, knowledge.SearchOptions{Jurisdiction: j, Limit: 2, SimWeight: a.confidence.SimWeight, LearnedWeight: a.confidence.LearnedWeight})
	if len(hits) == 0 || hits[0].Entry.ID == r.EntryID || a.confidence.Level(hits) == "" {
		return r
	}
	e := hits[0].Entry
	r.Suggestions = append([]bot.Suggestion{{ID: e.ID, Title: e.Title}}, r.Suggestions...)
	r.Text += fmt.Sprintf("\n\nYou also asked about something else. This entry may answer it: %s (/waymark kb show %s)", e.Title, e.ID)
	return r
}

// answer renders the top hit: short answer first, then the detail, the
// sources, when it was reviewed, and the small print.
func (a *Answering) answer(hits []knowledge.Hit, j, confidence string) bot.Reply {
	e := hits[0].Entry
	r := bot.Reply{
		Kind:       bot.KindAnswer,
		Confidence: confidence,
		Title:      e.Title,
		Short:      e.ShortAnswer(),
		Detail:     e.Detail(),
		Sources:    e.Sources,
		Reviewed:   e.ReviewedDate(),
		EntryID:    e.ID,
		Score:      hits[0].Score,
		Footer:     bot.Disclaimer,
		Buttons: []bot.Button{
			{Action: bot.ActionHelpful, Label: "Helpful", Value: e.ID},
			{Action: bot.ActionNotHelpful, Label: "Not helpful", Value: e.ID},
		},
	}
	var sb strings.Builder
	if confidence == ConfidenceTentative {
		// Not sure enough to answer outright: say so, and offer the next
		// two entries as the other things the question might mean.
		for _, h := range hits[1:] {
			if len(r.Suggestions) == 2 {
				break
			}
			if h.Entry.ID != e.ID {
				r.Suggestions = append(r.Suggestions, bot.Suggestion{ID: h.Entry.ID, Title: h.Entry.Title})
				r.Buttons = append(r.Buttons, bot.Button{Action: bot.ActionShow, Label: h.Entry.Title, Value: h.Entry.ID})
			}
		}
		sb.WriteString("I think this is what you're asking about:\n\n")
	} else {
		for _, h := range hits[1:] {
			// Only entries nearly as relevant are worth a click.
			if h.Entry.ID != e.ID && h.Score >= relatedShare*hits[0].Score && a.confidence.Level([]knowledge.Hit{h}) != "" {
				r.Suggestions = append(r.Suggestions, bot.Suggestion{ID: h.Entry.ID, Title: h.Entry.Title})
			}
		}
		if len(r.Suggestions) > 0 {
			r.Buttons = append(r.Buttons, bot.Button{Action: bot.ActionRelated, Label: "See related", Value: e.ID})
		}
	}
	// The short answer comes first: on a phone or a narrow terminal it may
	// be all that is read.
	sb.WriteString(r.Short)
	fmt.Fprintf(&sb, "\n\n%s", e.Title)
	if r.Detail != "" {
		fmt.Fprintf(&sb, "\n%s", r.Detail)
	}
	if j != "" && !e.AppliesTo(j) {
		fmt.Fprintf(&sb, "\n\nNote: this entry covers %s. The rules in %s may differ.", jurisdictionList(e.Jurisdictions), knowledge.JurisdictionName(j))
	}
	if len(e.Sources) > 0 {
		sb.WriteString("\n\nSources:")
		for _, s := range e.Sources {
			fmt.Fprintf(&sb, "\n- %s: %s", s.Title, s.URL)
		}
	}
	fmt.Fprintf(&sb, "\n\n%s", reviewedLine(e))
	if confidence == ConfidenceTentative && len(r.Suggestions) > 0 {
		sb.WriteString("\n\nIf that's not it, did you mean:")
		for _, s := range r.Suggestions {
			fmt.Fprintf(&sb, "\n- %s (/waymark kb show %s)", s.Title, s.ID)
		}
	}
	fmt.Fprintf(&sb, "\n%s", bot.Disclaimer)
	r.Text = plainText(sb.String())
	return r
}

// relatedShare is how close to the best hit's score a related entry must be.
const relatedShare = 0.5

// plainText drops Markdown emphasis, which the terminal and the JSON text
// would otherwise show as literal asterisks.
func plainText(s string) string { return strings.ReplaceAll(s, "**", "") }

// underPressure answers a message that was only an idiom of stress.
func (a *Answering) underPressure() bot.Reply {
	return bot.Reply{Kind: bot.KindNoAnswer, Text: "That sounds like a lot right now. If it would help, I can keep track of deadlines for you (/waymark deadline add), and I have entries on burn-out and sharing the load: try asking \"how do we share the load in our group?\" or \"what are the signs of burn-out?\". If you ask me a specific question, I'll do my best to answer it."}
}

// reviewedLine says when an entry was last checked and where it applies.
func reviewedLine(e *knowledge.Entry) string {
	line := "Reviewed " + monthYear(e.ReviewedDate())
	if len(e.Jurisdictions) > 0 {
		line += " · Applies to " + jurisdictionList(e.Jurisdictions)
	}
	return line
}

func monthYear(t time.Time) string {
	if t.IsZero() {
		return "date unknown"
	}
	return t.Format("January 2006")
}

func jurisdictionList(js []string) string {
	names := make([]string, 0, len(js))
	for _, j := range js {
		names = append(names, knowledge.JurisdictionName(j))
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// noAnswer is honest about not knowing and offers the closest entries.
func (a *Answering) noAnswer(hits []knowledge.Hit) bot.Reply {
	r := bot.Reply{Kind: bot.KindNoAnswer}
	var sb strings.Builder
	sb.WriteString("I'm sorry, I don't have a good answer to that in my knowledge base, and I'd rather say so than guess. I've noted the question (without your name) so the moderators can consider adding an entry.")
	var close []knowledge.Hit
	for _, h := range hits {
		if a.confidence.Probability([]knowledge.Hit{h}) >= a.confidence.Tentative/2 && len(close) < 3 {
			close = append(close, h)
		}
	}
	if len(close) > 0 {
		sb.WriteString("\n\nThese entries might be close:")
		for _, h := range close {
			r.Suggestions = append(r.Suggestions, bot.Suggestion{ID: h.Entry.ID, Title: h.Entry.Title})
			fmt.Fprintf(&sb, "\n- %s (/waymark kb show %s)", h.Entry.Title, h.Entry.ID)
		}
	}
	sb.WriteString("\n\n" + coverage)
	sb.WriteString("\n\nFor help with your group, your local council for voluntary service (CVS) or infrastructure body is often a good next step.")
	r.Text = sb.String()
	return r
}

var (
	nonWord  = regexp.MustCompile(`[^\p{L}\p{N}£%' -]+`)
	manySpce = regexp.MustCompile(`\s+`)
	// loneDashes are dashes standing apart from any word.
	loneDashes = regexp.MustCompile(`(^|\s)[-\s]+(\s|$)`)
	// Things that identify a person are removed before a question is
	// kept: platform mentions, email addresses and phone numbers.
	identifying = regexp.MustCompile(`<[@#!][^>]*>|@\S+|\S+@\S+\.\S+|\+?\d[\d ]{8,}\d`)
)

// NormaliseQuestion is the form in which unanswered questions are kept:
// lowercase, no mentions, names, contact details or identity numbers,
// punctuation folded, at most 300 characters.
func NormaliseQuestion(q string) string {
	q = identifying.ReplaceAllString(q, " ")
	q = redactPersonal(q)
	q = strings.ToLower(nonWord.ReplaceAllString(q, " "))
	q = loneDashes.ReplaceAllString(q, " ")
	q = strings.TrimSpace(manySpce.ReplaceAllString(q, " "))
	if r := []rune(q); len(r) > 300 {
		q = string(r[:300])
	}
	return q
}

func (a *Answering) recordUnanswered(ctx context.Context, req bot.Request, q string) {
	// Moderators read the log: a disclosure, abuse or a named person is
	// not theirs to read there, however it is redacted.
	if req.Tenant == nil || notForGapsLog(q) {
		return
	}
	nq := NormaliseQuestion(q)
	if nq == "" {
		return
	}
	if err := a.store.RecordUnanswered(ctx, req.Tenant.ID, nq, a.now().UTC()); err != nil {
		a.log.ErrorContext(ctx, "record unanswered question", "tenant", req.Tenant.ID, "err", err)
	}
}

// Render is the high-confidence reply an entry would give, with no
// nation note: diagnostics use it to ask whether an entry holds the facts
// a question needs, whatever the search made of it.
func (a *Answering) Render(e *knowledge.Entry) bot.Reply {
	return a.answer([]knowledge.Hit{{Entry: e}}, "", ConfidenceHigh)
}

// withLayer says which layer an answer came from: in Layer always, and in
// the text for the network's and the group's own entries (the built-in
// base is the default and needs no note). An answer from an entry past
// its review date says so, so nobody relies on it unawares.
func (a *Answering) withLayer(ctx context.Context, t *bot.Tenant, r bot.Reply) bot.Reply {
	if r.EntryID == "" || r.Kind != bot.KindAnswer {
		return r
	}
	e, layer := a.entries.Lookup(ctx, t, r.EntryID)
	if e == nil {
		return r
	}
	r.Layer = layer
	var notes []string
	switch r.Layer {
	case bot.LayerGroup:
		notes = append(notes, "This answer is from your group's own entry.")
	case bot.LayerNetwork:
		notes = append(notes, "This answer is from your network's entry.")
	}
	if due := e.ReviewDue(); !due.IsZero() && a.now().After(due) {
		notes = append(notes, fmt.Sprintf("This entry was due to be checked again on %s and has not been yet: check its sources before relying on it.", due.Format("2 January 2006")))
	}
	if len(notes) == 0 {
		return r
	}
	note := strings.Join(notes, "\n")
	if i := strings.LastIndex(r.Text, "\n"+bot.Disclaimer); i >= 0 {
		r.Text = r.Text[:i] + "\n" + note + r.Text[i:]
	} else {
		r.Text += "\n" + note
	}
	return r
}
