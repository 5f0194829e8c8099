package jobs_test

import (
	"context"
	"os"
	"testing"

	"github.com/waymark-org/waymark/internal/jobs/jobsbench"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// BenchmarkThreeEnginesPostgres delivers b.N reminders, all due at the
// same instant across b.N/100 tenants, with three engine instances on one
// PostgreSQL. The full-size run with idle figures is
// `go run ./internal/jobs/cmd/jobsbench` (see README.md).
func BenchmarkThreeEnginesPostgres(b *testing.B) {
	url := os.Getenv(storetest.EnvDatabaseURL)
	if url == "" {
		b.Skip("set " + storetest.EnvDatabaseURL + " to a PostgreSQL URL")
	}
	n := max(b.N, 100)
	res, err := jobsbench.Run(context.Background(), jobsbench.Config{
		PostgresURL: url, Tenants: max(n/100, 1), Reminders: n, Instances: 3,
	})
	if err != nil {
		b.Fatal(err)
	}
	if res.Duplicates != 0 || res.Missing != 0 {
		b.Fatalf("duplicates %d, missing %d", res.Duplicates, res.Missing)
	}
	b.ReportMetric(float64(res.Drain.Milliseconds()), "ms-to-deliver-all")
	b.ReportMetric(float64(n)/res.Drain.Seconds(), "reminders/s")
	b.ReportMetric(float64(res.Duplicates), "duplicates")
}
