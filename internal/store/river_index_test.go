package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/waymark-org/waymark/internal/store"
	"github.com/waymark-org/waymark/internal/store/storetest"
)

// TestJobLookupsByArgumentsUseTheIndex: the statements that find a
// group's or a subject's River jobs by their arguments use migration
// 00204's index on both databases, rather than scanning river_job (83 ms
// a deadline save at 100,000 jobs on PostgreSQL). The planner is told to
// avoid sequential scans so the answer does not depend on the size of a
// test table.
func TestJobLookupsByArgumentsUseTheIndex(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, dialect)
			conn, err := db.X().Connx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			explain := "EXPLAIN QUERY PLAN "
			if dialect == store.Postgres {
				explain = "EXPLAIN "
				if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
					t.Fatal(err)
				}
			}
			for name, q := range map[string]string{
				"cancel a subject's jobs": `DELETE FROM river_job WHERE ` + store.KindIn() + ` AND ` + store.Unsent + ` AND ` + store.ArgField(db, "tenant_id") + ` = '1' AND ` + store.ArgField(db, "subject") + ` = 'deadline:1'`,
				"park a tenant's jobs":    `UPDATE river_job SET state = 'pending' WHERE ` + store.KindIn() + ` AND state IN ('available', 'scheduled', 'retryable') AND ` + store.ArgField(db, "tenant_id") + ` = '1'`,
			} {
				rows, err := conn.QueryxContext(ctx, explain+q)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				var plan []string
				for rows.Next() {
					cols, err := rows.SliceScan()
					if err != nil {
						t.Fatal(err)
					}
					plan = append(plan, fmt.Sprint(cols...))
				}
				rows.Close()
				if p := strings.Join(plan, "\n"); !strings.Contains(p, "river_job_waymark_tenant_subject") {
					t.Errorf("%s does not use the index:\n%s", name, p)
				}
			}
		})
	}
}
