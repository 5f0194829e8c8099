package discord_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
	"github.com/waymark-org/waymark/assistant"
	"github.com/waymark-org/waymark/internal/adapterkit/adaptertest"
	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// Three replicas share three shards through leases: each shard held by
// exactly one of them. One is killed (its database handle gone, so it
// cannot hand its shard over); its shard is taken over by another once
// the lease runs out, and events on that shard are answered again.
func TestThreeReplicasShareShardsAndSurviveOneKilled(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			fake := discordfake.New()
			t.Cleanup(fake.Close)
			dsn := storetest.DSN(t, dialect)
			// Short, so the test is quick; long enough that a loaded machine (the
			// race detector, other work) renews in time.
			const ttl = 3 * time.Second
			type replica struct {
				db     *store.DB
				a      *discord.Adapter
				cancel context.CancelFunc
				done   chan error
				once   sync.Once
			}
			stop := func(r *replica) {
				r.once.Do(func() {
					r.cancel()
					<-r.done
				})
			}
			var rs []*replica
			for i := range 3 {
				db, err := store.Open(context.Background(), dsn, storetest.Logger(t))
				if err != nil {
					t.Fatal(err)
				}
				log := slog.New(slog.NewTextHandler(io.MultiWriter(testLog{t}), &slog.HandlerOptions{Level: slog.LevelInfo})).With("replica", i)
				b, err := assistant.New(assistant.Config{Store: db, Logger: log})
				if err != nil {
					t.Fatal(err)
				}
				a, err := discord.New(discord.Config{
					Core: b, Store: db, Logger: log, ApplicationID: fake.AppID, PublicKey: fake.Public, BotToken: "bot-token",
					HTTPClient: fake.Client(), Shards: 3, LeaseTTL: ttl,
				})
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				r := &replica{db: db, a: a, cancel: cancel, done: make(chan error, 1)}
				go func() { r.done <- a.RunGateway(ctx) }()
				rs = append(rs, r)
			}
			t.Cleanup(func() {
				for _, r := range rs {
					stop(r)
					cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
					_ = r.a.Close(cctx)
					cancel()
					r.db.Close()
				}
			})
			// The tests' own handle: any replica's may be the one killed.
			check, err := store.Open(context.Background(), dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { check.Close() })
			holders := func() map[int]string {
				db := check
				var rows []struct {
					Shard  int    `db:"shard"`
					Holder string `db:"holder"`
				}
				if err := db.X().Select(&rows, db.X().Rebind(`SELECT shard, holder FROM discord_shard_leases WHERE expires_at > ?`), store.Timestamp{Time: time.Now()}); err != nil {
					t.Fatal(err)
				}
				out := map[int]string{}
				for _, r := range rows {
					out[r.Shard] = r.Holder
				}
				return out
			}
			spread := func() bool {
				h := holders()
				distinct := map[string]bool{}
				for _, v := range h {
					distinct[v] = true
				}
				return len(h) == 3 && len(distinct) == 3
			}
			waitFor(t, "three shards held by three replicas", spread)
			waitFor(t, "a session on every shard", func() bool {
				ids := fake.ShardIdentifies()
				return ids[0] >= 1 && ids[1] >= 1 && ids[2] >= 1
			})

			// Kill the replica holding shard 1: no clean hand-over.
			victim := holders()[1]
			var dead *replica
			for _, r := range rs {
				if r.a.Holder() == victim {
					dead = r
				}
			}
			if dead == nil {
				t.Fatalf("no replica holds shard 1 (%s)", victim)
			}
			before := fake.ShardIdentifies()[1]
			killed := time.Now()
			dead.db.Close()
			stop(dead)
			waitFor(t, "shard 1 taken over", func() bool {
				h := holders()
				return h[1] != "" && h[1] != victim && fake.ShardIdentifies()[1] > before
			})
			took := time.Since(killed)
			if took > 30*time.Second {
				t.Errorf("takeover took %s, more than 30 s", took)
			}
			t.Logf("shard 1 taken over %s after its holder was killed (lease %s)", took.Round(time.Millisecond), ttl)
			// Every shard still held, by the two survivors only.
			h := holders()
			for shard := range 3 {
				if h[shard] == "" || h[shard] == victim {
					t.Errorf("shard %d held by %q", shard, h[shard])
				}
			}

			// An event on the taken-over shard is answered.
			guild := "400000000000000555"
			// The new holder's IDENTIFY is counted before its session has
			// settled, and the killed holder's session may still be
			// closing: either can take the event and drop it, where
			// Discord would announce the server again on the new session's
			// READY. So the server is announced until its tenant exists; a
			// second GUILD_CREATE for the same server changes nothing.
			mention := "<@" + fake.BotUserID + "> " + adaptertest.Question
			waitFor(t, "the new server's tenant", func() bool {
				_ = fake.DispatchShard(1, "GUILD_CREATE", discordfake.Guild(guild, "Hillside", owner, channel))
				tn, err := check.EnsureTenant(context.Background(), discord.Platform, guild, "")
				return err == nil && tn.Name == "Hillside"
			})
			waitFor(t, "shard 1's session to take the mention", func() bool {
				return fake.DispatchShard(1, "MESSAGE_CREATE", fake.MessageCreate("900000000000000555", guild, channel, member, nil, mention, true)) == nil
			})
			if _, ok := fake.WaitPosts(15*time.Second, func(ps []discordfake.Post) bool {
				return count(ps, func(p discordfake.Post) bool {
					return p.ReplyTo == "900000000000000555" && strings.Contains(p.Body.Text(), "harit")
				}) == 1
			}); !ok {
				t.Fatal("a mention on the taken-over shard was not answered")
			}
		})
	}
}
