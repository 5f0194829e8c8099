package slack_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/waymark-org/waymark/adapters/slack/slackfake"
)

// BenchmarkSignedEvents sends signed app_mention events over loopback HTTP
// into serve on PostgreSQL, one in ten delivered twice as a Slack retry,
// and waits for every answer to reach the fake Slack API. ns/op is per
// event, from the first request to the last answer; the figures for the
// README come from `go run ./internal/loadtest/slackload`, which also
// reports latency percentiles and memory.
//
//	WAYMARK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	  go test -run '^$' -bench SignedEvents -benchtime 2000x ./adapters/slack/
func BenchmarkSignedEvents(b *testing.B) {
	h := start(b, "postgres", func(o *options, f *slackfake.Server) { o.level = slog.LevelWarn })
	h.install(team1)
	h.fake.Record(false)
	var seq atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := seq.Add(1)
			body := fixture(b, "app_mention.json", mentionData(team1, fmt.Sprintf("EvB%d", i), fmt.Sprintf("9.%06d", i), question))
			if resp := h.send(post{path: "/slack/events", body: body}); resp.StatusCode != http.StatusOK {
				b.Errorf("status %d", resp.StatusCode)
			}
			if i%10 == 0 {
				h.send(post{path: "/slack/events", body: body, retry: 1})
			}
		}
	})
	want := seq.Load() + 1 // and the welcome DM
	waitFor(b, func() bool { return h.fake.Total() >= want })
	b.StopTimer()
	if d := h.fake.Duplicates(); d != 0 {
		b.Fatalf("%d duplicate replies", d)
	}
}
