package console

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

// pages holds the parsed templates, one set per page on a shared layout.
type pages struct {
	byName map[string]*template.Template
	md     *markdown
}

var pageNames = []string{"signin", "signinfailed", "signedout", "today", "entries", "edit", "history", "gaps", "transfer"}

func loadPages() (*pages, error) {
	funcs := template.FuncMap{
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "never"
			}
			return t.Format("2 Jan 2006")
		},
		"datetime": func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") },
		"has":      func(list []string, s string) bool { return slices.Contains(list, s) },
		"join":     strings.Join,
	}
	p := &pages{byName: map[string]*template.Template{}, md: newMarkdown()}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("console templates: %w", err)
		}
		p.byName[name] = t
	}
	return p, nil
}

// pageData is everything any page shows; each template uses its part.
type pageData struct {
	Title     string
	Prefix    string
	CSRF      string
	User      string
	Group     string
	Network   bool
	SignedOut bool
	Token     string
	Message   string
	Error     string

	Topics        []string
	Jurisdictions []string

	// Entries
	Rows   []entryRow
	Filter entryFilter
	Total  int
	// Next is the address of the next page of entries, "" on the last.
	Next template.URL

	// Edit and history
	Form      entryForm
	Layer     bot.Layer
	From      bot.Layer
	Version   int
	State     string
	InLayer   bool
	Problems  []knowledge.Problem
	Preview   template.HTML
	Versions  []versionView
	EntryID   string
	NewEntry  bool
	CanReview bool

	// Today and gaps
	Due        []entryRow
	Gaps       []gapGroup
	NotHelpful []feedbackRow
	Recent     []bot.EntryVersion
	Drafts     []bot.EntryVersion
	// Pending are versions waiting for a second moderator: the group's on
	// Today, the entry's on Edit.
	Pending []pendingView
	// Approval: the group's publishes wait for a second moderator.
	Approval bool
}

// pendingView is a pending version as a moderator sees it: only another
// moderator than its author may approve it.
type pendingView struct {
	bot.EntryVersion
	CanApprove bool
	Own        bool
}

type entryRow struct {
	ID, Title, Topic string
	Layer            bot.Layer
	Nations          []string
	Reviewed         string
	Due              time.Time
	Overdue          bool
	Draft            bool
}

type entryFilter struct {
	Q, Topic, Nation, Layer, Review string
}

type feedbackRow struct {
	ID, Title           string
	Helpful, NotHelpful int
}

type versionView struct {
	bot.EntryVersion
	Diff    []diffLine
	Current bool
}

func (c *Console) render(w http.ResponseWriter, r *http.Request, name string, d pageData) {
	d.Prefix = c.cfg.Prefix
	if s := sessionFrom(r.Context()); s != nil && !d.SignedOut {
		d.CSRF, d.User, d.Group, d.Network = s.csrf, s.userID, s.tenant.Name, s.network
	}
	d.Topics, d.Jurisdictions = knowledge.Topics, append([]string{"uk"}, knowledge.Jurisdictions...)
	var buf bytes.Buffer
	if err := c.pages.byName[name].Execute(&buf, d); err != nil {
		c.fail(w, r, "render "+name, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	// Scripts and styles come only from the console itself: no CDN, no
	// inline script, so injected markup could not run.
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	_, _ = buf.WriteTo(w)
}

// scopeFor is the layer a request edits: the group's unless it asks for
// the network's, which only network moderators may.
func scopeFor(s *session, layer string) (bot.EntryScope, bool) {
	if layer == string(bot.LayerNetwork) {
		return bot.NetworkScope(), s.network
	}
	return bot.GroupScope(s.tenant.ID), true
}

func (c *Console) today(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	now := c.now()
	d := pageData{Title: "Today"}
	entries := c.cfg.Core.LayeredEntries(ctx, s.tenant)
	titles := map[string]string{}
	for _, e := range entries {
		titles[e.ID] = e.Title
		if due := e.ReviewDue(); !due.IsZero() && due.Before(now.AddDate(0, 1, 0)) {
			d.Due = append(d.Due, rowOf(e, now))
		}
	}
	sort.Slice(d.Due, func(i, j int) bool { return d.Due[i].Due.Before(d.Due[j].Due) })
	qs, err := c.cfg.Store.UnansweredQuestions(ctx, s.tenant.ID, 200)
	if err != nil {
		c.fail(w, r, "unanswered questions", err)
		return
	}
	d.Gaps = groupGaps(qs)
	if len(d.Gaps) > 5 {
		d.Gaps = d.Gaps[:5]
	}
	fb, err := c.cfg.Store.Feedback(ctx, s.tenant.ID)
	if err != nil {
		c.fail(w, r, "feedback", err)
		return
	}
	for _, f := range fb {
		if f.NotHelpful > 0 && len(d.NotHelpful) < 5 {
			d.NotHelpful = append(d.NotHelpful, feedbackRow{ID: f.EntryID, Title: titles[f.EntryID], Helpful: f.Helpful, NotHelpful: f.NotHelpful})
		}
	}
	if d.Recent, err = c.cfg.Store.RecentEntryVersions(ctx, s.tenant.ID, 10); err != nil {
		c.fail(w, r, "recent changes", err)
		return
	}
	if d.Drafts, err = c.drafts(r, s); err != nil {
		c.fail(w, r, "drafts", err)
		return
	}
	if d.Pending, err = c.pending(r, s, ""); err != nil {
		c.fail(w, r, "pending versions", err)
		return
	}
	c.render(w, r, "today", d)
}

func (c *Console) drafts(r *http.Request, s *session) ([]bot.EntryVersion, error) {
	ds, err := c.cfg.Store.DraftEntries(r.Context(), bot.GroupScope(s.tenant.ID))
	if err != nil || !s.network {
		return ds, err
	}
	nd, err := c.cfg.Store.DraftEntries(r.Context(), bot.NetworkScope())
	return append(ds, nd...), err
}

// pending lists the group's versions waiting for approval, all of them or
// one entry's. Only the session's own group: the store is asked for that
// tenant and no other.
func (c *Console) pending(r *http.Request, s *session, entryID string) ([]pendingView, error) {
	ps, err := c.cfg.Store.PendingEntryVersions(r.Context(), s.tenant.ID)
	if err != nil {
		return nil, err
	}
	var out []pendingView
	for _, v := range ps {
		if entryID != "" && v.EntryID != entryID {
			continue
		}
		own := v.CreatedBy != "" && v.CreatedBy == s.userID
		out = append(out, pendingView{EntryVersion: v, CanApprove: !own, Own: own})
	}
	return out, nil
}

func rowOf(e bot.LayeredEntry, now time.Time) entryRow {
	due := e.ReviewDue()
	return entryRow{ID: e.ID, Title: e.Title, Topic: e.Topic, Layer: e.Layer, Nations: e.Jurisdictions,
		Reviewed: e.Reviewed, Due: due, Overdue: !due.IsZero() && due.Before(now)}
}

func (c *Console) entries(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	now := c.now()
	q := r.URL.Query()
	f := entryFilter{Q: strings.TrimSpace(q.Get("q")), Topic: q.Get("topic"), Nation: q.Get("nation"), Layer: q.Get("layer"), Review: q.Get("review")}
	drafts, err := c.drafts(r, s)
	if err != nil {
		c.fail(w, r, "drafts", err)
		return
	}
	drafted := map[string]bool{}
	for _, v := range drafts {
		drafted[v.EntryID] = true
	}
	needle := strings.ToLower(f.Q)
	from, _ := strconv.Atoi(q.Get("from"))
	from = max(from, 0)
	var rows []entryRow
	for _, e := range c.cfg.Core.LayeredEntries(ctx, s.tenant) {
		row := rowOf(e, now)
		row.Draft = drafted[e.ID]
		switch {
		case f.Topic != "" && e.Topic != f.Topic,
			f.Nation != "" && !e.AppliesTo(f.Nation),
			f.Layer != "" && string(e.Layer) != f.Layer,
			f.Review == "due" && !(row.Overdue || !row.Due.IsZero() && row.Due.Before(now.AddDate(0, 1, 0))),
			f.Review == "current" && (row.Overdue || row.Due.IsZero()),
			f.Review == "draft" && !row.Draft,
			needle != "" && !matches(e.Entry, needle):
			continue
		}
		rows = append(rows, row)
	}
	d := pageData{Title: "Entries", Filter: f, Total: len(rows)}
	// A page at a time: a thousand rows are slow to render and to read on
	// a phone.
	if from < len(rows) {
		d.Rows = rows[from:min(len(rows), from+entriesPerPage)]
	}
	if from+entriesPerPage < len(rows) {
		next := url.Values{"q": {f.Q}, "topic": {f.Topic}, "nation": {f.Nation}, "layer": {f.Layer}, "review": {f.Review}, "from": {strconv.Itoa(from + entriesPerPage)}}
		// Built here from encoded values, so safe to use as it is.
		d.Next = template.URL(c.cfg.Prefix + "/entries?" + next.Encode()) //nolint:gosec
	}
	c.render(w, r, "entries", d)
}

// entriesPerPage bounds the Entries page.
const entriesPerPage = 200

func matches(e *knowledge.Entry, needle string) bool {
	hay := strings.ToLower(e.ID + "\n" + e.Title + "\n" + strings.Join(e.Questions, "\n") + "\n" + strings.Join(e.Tags, "\n"))
	return strings.Contains(hay, needle)
}

// loadForEdit finds the text to edit for an entry in a layer: the layer's
// latest version (a draft if there is one), else the entry as the group
// sees it now, from whichever layer that is.
func (c *Console) loadForEdit(r *http.Request, s *session, scope bot.EntryScope, id string) (entryForm, pageData, error) {
	d := pageData{Layer: scope.Layer(), EntryID: id}
	hist, err := c.cfg.Store.EntryHistory(r.Context(), scope, id)
	if err != nil {
		return entryForm{}, d, err
	}
	if len(hist) > 0 {
		d.Version = hist[0].Version
		d.State = hist[0].State
		for _, v := range hist {
			if v.State == bot.StatePublished {
				d.InLayer = true
				break
			}
			if v.State == bot.StateDeleted {
				break
			}
		}
		if hist[0].State != bot.StateDeleted {
			e, err := knowledge.Parse(id+".md", []byte(hist[0].Source))
			if err != nil {
				return entryForm{Body: hist[0].Source, ID: id}, d, nil
			}
			d.From = scope.Layer()
			return formFromEntry(e), d, nil
		}
	}
	for _, e := range c.cfg.Core.LayeredEntries(r.Context(), s.tenant) {
		if e.ID == id {
			d.From = e.Layer
			return formFromEntry(e.Entry), d, nil
		}
	}
	return entryForm{}, d, bot.ErrNotFound
}

func (c *Console) editPage(w http.ResponseWriter, r *http.Request) {
	s := sessionFrom(r.Context())
	q := r.URL.Query()
	scope, ok := scopeFor(s, q.Get("layer"))
	if !ok {
		http.Error(w, "Only network moderators can edit the network's entries.", http.StatusForbidden)
		return
	}
	id := q.Get("id")
	var (
		f   entryForm
		d   pageData
		err error
	)
	if id == "" {
		// A new entry, perhaps written from unanswered questions.
		d = pageData{Layer: scope.Layer(), NewEntry: true}
		f = entryForm{Questions: strings.Join(q["q"], "\n"), Reviewed: c.now().Format(time.DateOnly), ReviewEvery: "12mo", Jurisdictions: []string{"uk"}}
	} else if f, d, err = c.loadForEdit(r, s, scope, id); errors.Is(err, bot.ErrNotFound) {
		http.Error(w, "There is no such entry.", http.StatusNotFound)
		return
	} else if err != nil {
		c.fail(w, r, "load entry", err)
		return
	}
	d.Message = q.Get("saved")
	if id != "" && !scope.Network() {
		if d.Pending, err = c.pending(r, s, id); err != nil {
			c.fail(w, r, "pending versions", err)
			return
		}
	}
	c.showEdit(w, r, f, d)
}

func (c *Console) showEdit(w http.ResponseWriter, r *http.Request, f entryForm, d pageData) {
	d.Title = "Edit"
	if f.Title != "" {
		d.Title = "Edit: " + f.Title
	}
	d.Form = f
	_, probs, err := f.source(c.now())
	if err != nil {
		c.fail(w, r, "entry source", err)
		return
	}
	if d.Problems == nil {
		d.Problems = probs
	}
	if d.Preview, err = c.pages.md.render(f.Body); err != nil {
		c.fail(w, r, "preview", err)
		return
	}
	d.CanReview = d.InLayer
	if s := sessionFrom(r.Context()); s != nil && d.Layer != bot.LayerNetwork {
		d.Approval = s.tenant.NeedsApproval(bot.GroupScope(s.tenant.ID))
	}
	c.render(w, r, "edit", d)
}

func (c *Console) editSave(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	scope, ok := scopeFor(s, r.PostFormValue("layer"))
	if !ok {
		http.Error(w, "Only network moderators can edit the network's entries.", http.StatusForbidden)
		return
	}
	f := formFromValues(r.PostForm)
	d := pageData{Layer: scope.Layer(), EntryID: f.ID, NewEntry: r.PostFormValue("new") == "1"}
	src, probs, err := f.source(c.now())
	if err != nil {
		c.fail(w, r, "entry source", err)
		return
	}
	d.Problems = probs
	publish := r.PostFormValue("action") == "publish"
	hist, err := c.cfg.Store.EntryHistory(ctx, scope, f.ID)
	if err != nil {
		c.fail(w, r, "entry history", err)
		return
	}
	latest := 0
	if len(hist) > 0 {
		latest = hist[0].Version
		d.InLayer = hist[0].State == bot.StatePublished
	}
	d.Version = latest
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	switch {
	case f.ID == "" || hasIDProblem(probs):
		d.Error = "The entry needs a valid id (topic/slug in lowercase letters, digits and hyphens) before it can be saved."
	case base != latest:
		// Saving over a version this moderator never saw would undo
		// someone else's change without a word.
		d.Error = fmt.Sprintf("Someone saved this entry (version %d) since you opened it. Your text is below: copy what you need, then open the entry again.", latest)
	case publish && hasErrors(probs):
		d.Error = "Fix the errors below before publishing, or save a draft."
	}
	if d.Error != "" {
		w.WriteHeader(http.StatusUnprocessableEntity)
		c.showEdit(w, r, f, d)
		return
	}
	action := bot.ActionEdit
	if publish {
		action = bot.ActionPublish
	}
	pending := publish && s.tenant.NeedsApproval(scope)
	v, err := c.cfg.Store.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: scope, EntryID: f.ID, Source: src, By: s.userID, Action: action, Publish: publish, Pending: pending})
	if err != nil {
		c.fail(w, r, "save entry", err)
		return
	}
	c.log.InfoContext(ctx, "console: entry saved", "tenant", s.tenant.ID, "layer", scope.Layer(), "entry", f.ID, "version", v.Version, "state", v.State)
	msg := "Draft saved as version %d. Answers still use the published text."
	switch {
	case pending:
		msg = "Saved as version %d, waiting for another moderator to approve it. Answers still use the published text."
	case publish:
		msg = "Published as version %d. Answers use it now."
	}
	c.redirectWith(w, r, "/edit", url.Values{"id": {f.ID}, "layer": {string(scope.Layer())}, "saved": {fmt.Sprintf(msg, v.Version)}})
}

func hasIDProblem(probs []knowledge.Problem) bool {
	for _, p := range probs {
		if p.Severity == knowledge.SevError && strings.HasPrefix(p.Message, "id ") {
			return true
		}
	}
	return false
}

// redirectWith sends the browser on after a POST, so a reload does not
// post again. The message travels in the query: it is only ever shown as
// text, and only to whoever made the request.
func (c *Console) redirectWith(w http.ResponseWriter, r *http.Request, path string, v url.Values) {
	http.Redirect(w, r, c.cfg.Prefix+path+"?"+v.Encode(), http.StatusSeeOther)
}

// preview renders the body and lints the form for the live preview.
func (c *Console) preview(w http.ResponseWriter, r *http.Request) {
	// The CSRF token came in a header, so nothing has read the form yet.
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form could not be read.", http.StatusBadRequest)
		return
	}
	f := formFromValues(r.PostForm)
	_, probs, err := f.source(c.now())
	if err != nil {
		c.fail(w, r, "entry source", err)
		return
	}
	html, err := c.pages.md.render(f.Body)
	if err != nil {
		c.fail(w, r, "preview", err)
		return
	}
	out := struct {
		HTML     string   `json:"html"`
		Problems []string `json:"problems"`
		Errors   int      `json:"errors"`
	}{HTML: string(html), Problems: []string{}}
	for _, p := range probs {
		out.Problems = append(out.Problems, p.String())
		if p.Severity == knowledge.SevError {
			out.Errors++
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(out)
}

func (c *Console) review(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	scope, ok := scopeFor(s, r.PostFormValue("layer"))
	if !ok {
		http.Error(w, "Only network moderators can edit the network's entries.", http.StatusForbidden)
		return
	}
	id := r.PostFormValue("id")
	v, err := c.cfg.Core.ReviewEntry(ctx, scope, id, s.userID)
	if errors.Is(err, bot.ErrNotFound) {
		http.Error(w, "This layer has no published text of that entry to mark reviewed.", http.StatusNotFound)
		return
	}
	if err != nil {
		c.fail(w, r, "review entry", err)
		return
	}
	c.redirectWith(w, r, "/edit", url.Values{"id": {id}, "layer": {string(scope.Layer())}, "saved": {fmt.Sprintf("Marked reviewed today (version %d).", v.Version)}})
}

func (c *Console) history(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	q := r.URL.Query()
	scope, ok := scopeFor(s, q.Get("layer"))
	if !ok {
		http.Error(w, "Only network moderators can see the network's history.", http.StatusForbidden)
		return
	}
	id := q.Get("id")
	hist, err := c.cfg.Store.EntryHistory(ctx, scope, id)
	if err != nil {
		c.fail(w, r, "entry history", err)
		return
	}
	d := pageData{Title: "History: " + id, EntryID: id, Layer: scope.Layer(), Message: q.Get("saved")}
	currentSeen := false
	for i, v := range hist {
		older := ""
		if i+1 < len(hist) {
			older = hist[i+1].Source
		}
		vv := versionView{EntryVersion: v, Diff: changesOnly(lineDiff(older, v.Source), 2)}
		// Only a published or deleted version is what answers use: a
		// draft, pending, approved or rejected row never is.
		if !currentSeen && (v.State == bot.StatePublished || v.State == bot.StateDeleted) {
			vv.Current, currentSeen = true, true
		}
		d.Versions = append(d.Versions, vv)
	}
	c.render(w, r, "history", d)
}

func (c *Console) revert(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	scope, ok := scopeFor(s, r.PostFormValue("layer"))
	if !ok {
		http.Error(w, "Only network moderators can edit the network's entries.", http.StatusForbidden)
		return
	}
	id := r.PostFormValue("id")
	n, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		http.Error(w, "Which version? The form did not say.", http.StatusBadRequest)
		return
	}
	pending := s.tenant.NeedsApproval(scope)
	v, err := c.cfg.Core.RevertEntry(ctx, scope, id, n, s.userID, pending)
	if errors.Is(err, bot.ErrNotFound) {
		http.Error(w, "There is no such version of that entry here.", http.StatusNotFound)
		return
	}
	if err != nil {
		c.fail(w, r, "revert entry", err)
		return
	}
	c.log.InfoContext(ctx, "console: entry reverted", "tenant", s.tenant.ID, "layer", scope.Layer(), "entry", id, "to", n, "version", v.Version, "state", v.State)
	msg := fmt.Sprintf("Reverted to version %d, published as version %d.", n, v.Version)
	if pending {
		msg = fmt.Sprintf("Reverting to version %d is saved as version %d, waiting for another moderator to approve it.", n, v.Version)
	}
	c.redirectWith(w, r, "/history", url.Values{"id": {id}, "layer": {string(scope.Layer())}, "saved": {msg}})
}

// decide approves or rejects a version of the group's entry waiting for a
// second moderator. The store refuses the author's own approval, so a
// forged form cannot get round the Edit page hiding the button.
func (c *Console) decide(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	// Approval is a group's step: network versions are never pending.
	scope := bot.GroupScope(s.tenant.ID)
	id := r.PostFormValue("id")
	n, err := strconv.Atoi(r.PostFormValue("version"))
	decision := r.PostFormValue("decision")
	if err != nil || id == "" || decision != "approve" && decision != "reject" {
		http.Error(w, "Which version, and approve or reject? The form did not say.", http.StatusBadRequest)
		return
	}
	approve := decision == "approve"
	v, err := c.cfg.Core.DecideEntry(ctx, scope, id, n, s.userID, approve)
	switch {
	case errors.Is(err, bot.ErrNotFound):
		http.Error(w, "There is no such version of that entry here.", http.StatusNotFound)
		return
	case errors.Is(err, bot.ErrOwnApproval):
		http.Error(w, "You wrote this change, so another moderator must approve it.", http.StatusForbidden)
		return
	case errors.Is(err, bot.ErrNotPending):
		http.Error(w, "That version is no longer waiting for approval; someone has decided it already.", http.StatusConflict)
		return
	case err != nil:
		c.fail(w, r, "decide entry version", err)
		return
	}
	c.log.InfoContext(ctx, "console: pending version decided", "tenant", s.tenant.ID, "entry", id, "version", n, "decision", decision)
	msg := fmt.Sprintf("Rejected version %d. Answers still use the published text.", n)
	if approve {
		msg = fmt.Sprintf("Approved version %d, published as version %d. Answers use it now.", n, v.Version)
	}
	c.redirectWith(w, r, "/edit", url.Values{"id": {id}, "layer": {string(scope.Layer())}, "saved": {msg}})
}

func (c *Console) gaps(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	// The 500 most asked are plenty to act on, and keep grouping quick.
	qs, err := c.cfg.Store.UnansweredQuestions(ctx, s.tenant.ID, 500)
	if err != nil {
		c.fail(w, r, "unanswered questions", err)
		return
	}
	d := pageData{Title: "Gaps", Gaps: groupGaps(qs), Message: r.URL.Query().Get("saved")}
	for _, e := range c.cfg.Core.LayeredEntries(ctx, s.tenant) {
		d.Rows = append(d.Rows, entryRow{ID: e.ID, Title: e.Title})
	}
	c.render(w, r, "gaps", d)
}

// gapAnswered adds unanswered questions to an existing entry as
// alternative questions, in the group's layer, and takes them off the
// gaps log: search learns the organisers' wording from them.
func (c *Console) gapAnswered(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	id := strings.TrimSpace(r.PostFormValue("id"))
	questions := r.PostForm["q"]
	if id == "" || len(questions) == 0 {
		http.Error(w, "Choose the entry that answers these questions.", http.StatusBadRequest)
		return
	}
	scope := bot.GroupScope(s.tenant.ID)
	f, _, err := c.loadForEdit(r, s, scope, id)
	if errors.Is(err, bot.ErrNotFound) {
		http.Error(w, "There is no such entry.", http.StatusNotFound)
		return
	}
	if err != nil {
		c.fail(w, r, "load entry", err)
		return
	}
	have := lines(f.Questions)
	for _, q := range questions {
		if q = strings.TrimSpace(q); q != "" && !slices.Contains(have, q) {
			have = append(have, q)
		}
	}
	f.Questions = strings.Join(have, "\n")
	src, probs, err := f.source(c.now())
	if err != nil {
		c.fail(w, r, "entry source", err)
		return
	}
	if hasErrors(probs) {
		// The entry had errors before (a draft); send them to the editor.
		c.redirectWith(w, r, "/edit", url.Values{"id": {id}, "saved": {"That entry has errors to fix first; the questions were not added."}})
		return
	}
	pending := s.tenant.NeedsApproval(scope)
	if _, err := c.cfg.Store.SaveEntryVersion(ctx, bot.NewEntryVersion{Scope: scope, EntryID: id, Source: src, By: s.userID, Action: bot.ActionEdit, Publish: true, Pending: pending}); err != nil {
		c.fail(w, r, "save entry", err)
		return
	}
	if err := c.cfg.Store.DeleteUnanswered(ctx, s.tenant.ID, questions); err != nil {
		c.fail(w, r, "clear gaps", err)
		return
	}
	msg := "Added %d question(s) to %s, published for your group."
	if pending {
		msg = "Added %d question(s) to %s, waiting for another moderator's approval."
	}
	c.redirectWith(w, r, "/gaps", url.Values{"saved": {fmt.Sprintf(msg, len(questions), id)}})
}
