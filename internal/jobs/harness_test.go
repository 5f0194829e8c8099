package jobs_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/assistant/assistanttest"
	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/bot/bottest"
	"github.com/waymark-org/waymark/feature/answering"
	"github.com/waymark-org/waymark/feature/digest"
	"github.com/waymark-org/waymark/feature/scheduling"
	"github.com/waymark-org/waymark/internal/jobs"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
	"github.com/waymark-org/waymark/knowledge"
	"github.com/waymark-org/waymark/safety"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// clock is the injectable clock the tests move.
type clock = bottest.Clock

func newClock(t time.Time) *clock { return bottest.NewClock(t) }

// rig is one tenant's bot with scheduling, a notifier and an engine.
type rig struct {
	t      *testing.T
	db     *store.DB
	clock  *clock
	bot    *assistant.Assistant
	sched  *scheduling.Scheduling
	note   *bottest.Notifier
	engine *jobs.Runner
	tenant *bot.Tenant
}

// london is where every test group lives unless it says otherwise.
func london(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// newRig builds a rig whose runner is started (and stopped when the test
// ends) and follows the test clock.
func newRig(t *testing.T, db *store.DB, c *clock, cfg jobs.Options) *rig {
	t.Helper()
	r := newStoppedRig(t, db, c, cfg)
	r.start()
	return r
}

// start starts the rig's runner; the test's end stops it.
func (r *rig) start() {
	r.t.Helper()
	if err := r.engine.Start(context.Background()); err != nil {
		r.t.Fatal(err)
	}
	r.t.Cleanup(func() {
		if err := r.engine.Stop(context.Background()); err != nil {
			r.t.Errorf("stop runner: %v", err)
		}
	})
}

// newStoppedRig is newRig without starting the runner.
func newStoppedRig(t *testing.T, db *store.DB, c *clock, cfg jobs.Options) *rig {
	t.Helper()
	ctx := context.Background()
	kb, err := sharedKnowledge()
	if err != nil {
		t.Fatal(err)
	}
	kb.Store, kb.Now, kb.Logger = db, c.Now, storetest.Logger(t)
	b, err := assistant.New(kb)
	if err != nil {
		t.Fatal(err)
	}
	sched := assistanttest.Schedule(t, b, db)
	n := &bottest.Notifier{Now: c.Now}
	b.SetNotifier(n)
	cfg.Now = c.Now
	cfg.Logger = storetest.Logger(t)
	if cfg.Digest, err = digest.New(digest.Config{Store: db, Entries: b.Library, Notifier: b.Notifier(), Logger: cfg.Logger}); err != nil {
		t.Fatal(err)
	}
	// Tests wait for due jobs to be worked, so the poll is short; not
	// shorter, because on SQLite every fetch takes the one connection that
	// the test's own queries wait for (at 5 ms, under -race on a loaded
	// machine, they waited minutes). Steps with nothing due do not wait.
	cfg.FetchPoll = 50 * time.Millisecond
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = 5 * time.Second
	}
	tenant, err := db.EnsureTenant(ctx, "test", "group-1", "Test group")
	if err != nil {
		t.Fatal(err)
	}
	runner, err := jobs.NewRunner(db, sched, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{t: t, db: db, clock: c, bot: b, sched: sched, note: n, engine: runner, tenant: tenant}
}

// sharedKnowledge loads the built-in knowledge base, learned layer, crisis
// screen and their companions once for the whole test binary: the core
// loads them itself otherwise, which took about 1.6 s of each rig under
// -race (every subtest builds one or more rigs). They are read-only once
// loaded, so rigs share them, as the replicas of one process would.
var sharedKnowledge = sync.OnceValues(func() (assistant.Config, error) {
	var cfg assistant.Config
	var err error
	if cfg.Base, err = knowledge.LoadBase(); err != nil {
		return cfg, err
	}
	if cfg.Learned, err = knowledge.DefaultLearned(); err != nil {
		return cfg, err
	}
	if cfg.Synonyms, err = knowledge.DefaultSynonyms(); err != nil {
		return cfg, err
	}
	if cfg.Crisis, err = knowledge.DefaultCrisis(); err != nil {
		return cfg, err
	}
	if cfg.Screener, err = safety.Default(); err != nil {
		return cfg, err
	}
	if cfg.Confidence, err = answering.DefaultConfidence(); err != nil {
		return cfg, err
	}
	cfg.Gazetteer, err = knowledge.DefaultGazetteer()
	return cfg, err
})

// say runs a /waymark command as user in #general.
func (r *rig) say(user, text string, moderator bool) bot.Reply {
	r.t.Helper()
	return r.bot.Handle(context.Background(), bot.Request{Tenant: r.tenant, ChannelID: "general", UserID: user,
		UserName: strings.ToUpper(user[:1]) + user[1:], Moderator: moderator, Text: text, Command: true})
}

func (r *rig) click(user, action, value string) bot.Reply {
	r.t.Helper()
	return r.clickAs(user, false, action, value)
}

// clickAs clicks a button as user, a moderator or not.
func (r *rig) clickAs(user string, moderator bool, action, value string) bot.Reply {
	r.t.Helper()
	return r.bot.Action(context.Background(), bot.Request{Tenant: r.tenant, UserID: user, Moderator: moderator, Direct: true}, action, value)
}

var idRE = regexp.MustCompile(`#(\d+)`)

// mustAdd adds a deadline and returns its id.
func (r *rig) mustAdd(user, text string) int64 {
	r.t.Helper()
	rep := r.say(user, text, false)
	if rep.Kind != bot.KindInfo {
		r.t.Fatalf("%q: %s", text, rep.Text)
	}
	m := idRE.FindStringSubmatch(rep.Text)
	if m == nil {
		r.t.Fatalf("no id in %q", rep.Text)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// stepUntil moves the clock to each step up to end, running the engine
// until idle at every step. Steps at which nothing is due are skipped
// (Runner.NextDue): at them RunUntilIdle would find nothing to do, so the
// clock visits the same instants that matter, without three queries at
// each of thousands of empty steps (most of the package's run time, under
// -race, before). While any job is running, every step is taken.
func (r *rig) stepUntil(end time.Time, step time.Duration) {
	r.t.Helper()
	ctx := context.Background()
	first := r.clock.Now()
	// The last step is always taken, so the clock ends where stepping
	// every step would leave it.
	last := first.Add(end.Sub(first) / step * step)
	for now := first; !now.After(end); now = now.Add(step) {
		r.clock.Set(now)
		if err := r.engine.RunUntilIdle(ctx); err != nil {
			r.t.Fatal(err)
		}
		next, busy, ok, err := r.engine.NextDue(ctx)
		if err != nil {
			r.t.Fatal(err)
		}
		if busy || !now.Before(last) {
			continue
		}
		if !ok {
			next = last // nothing waits: only the last step remains
		}
		if next.After(now) {
			// k steps ahead is the first at or after next; the loop
			// takes the last of them, and never passes the last step.
			k := (next.Sub(now) + step - 1) / step
			if to := now.Add((k - 1) * step); to.Before(last) {
				now = to
			} else {
				now = last.Add(-step)
			}
		}
	}
}

func eachDialect(t *testing.T, fn func(t *testing.T, dialect string)) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			fn(t, dialect)
		})
	}
}

func fmtTimes(ts []time.Time) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.UTC().Format(time.RFC3339))
	}
	return fmt.Sprint(s)
}
