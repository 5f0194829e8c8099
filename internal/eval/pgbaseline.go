package eval

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/waymark-org/waymark/knowledge"
)

// PostgresBaseline answers every question with the top hit of a plain
// PostgreSQL full-text search over the same entries: title weighted A,
// alternative questions B, body C, English stemming, any word may match,
// ranked by ts_rank. It never declines. It is the yardstick the issue
// compares Waymark's answers with.
type PostgresBaseline struct {
	db    *sqlx.DB
	table string
	byID  map[string]*knowledge.Entry
}

// NewPostgresBaseline loads entries into a temporary table on db.
func NewPostgresBaseline(ctx context.Context, db *sqlx.DB, entries []*knowledge.Entry) (*PostgresBaseline, error) {
	b := &PostgresBaseline{db: db, table: "waymark_fts_baseline", byID: map[string]*knowledge.Entry{}}
	if _, err := db.ExecContext(ctx, `DROP TABLE IF EXISTS `+b.table); err != nil {
		return nil, fmt.Errorf("baseline table: %w", err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE `+b.table+` (id text PRIMARY KEY, doc tsvector NOT NULL)`); err != nil {
		return nil, fmt.Errorf("baseline table: %w", err)
	}
	for _, e := range entries {
		b.byID[e.ID] = e
		_, err := db.ExecContext(ctx, `INSERT INTO `+b.table+` (id, doc) VALUES ($1,
			setweight(to_tsvector('english', $2), 'A') ||
			setweight(to_tsvector('english', $3), 'B') ||
			setweight(to_tsvector('english', $4), 'C'))`,
			e.ID, e.Title, strings.Join(e.Questions, " "), e.Body)
		if err != nil {
			return nil, fmt.Errorf("baseline entry %s: %w", e.ID, err)
		}
	}
	return b, nil
}

// Close drops the table.
func (b *PostgresBaseline) Close(ctx context.Context) error {
	_, err := b.db.ExecContext(ctx, `DROP TABLE IF EXISTS `+b.table)
	return err
}

// Ask returns the top hit as an answer: its title, body and sources, as a
// reply from that entry would contain them.
func (b *PostgresBaseline) Ask(ctx context.Context, q string) (Result, error) {
	var id string
	err := b.db.GetContext(ctx, &id, `
		WITH q AS (SELECT replace(plainto_tsquery('english', $1)::text, '&', '|') AS t)
		SELECT id FROM `+b.table+`, q
		WHERE q.t <> '' AND doc @@ to_tsquery('english', q.t)
		ORDER BY ts_rank(doc, to_tsquery('english', q.t)) DESC, id LIMIT 1`, q)
	if err != nil {
		// No word of the question is in any entry: no hit to give.
		return Result{Kind: "no_answer"}, nil
	}
	e := b.byID[id]
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s\n\n%s", e.Title, e.Body)
	for _, s := range e.Sources {
		fmt.Fprintf(&sb, "\n%s: %s", s.Title, s.URL)
	}
	return Result{Kind: "answer", Text: sb.String(), EntryID: id, Confidence: "high"}, nil
}
