package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/waymark-org/waymark/bot"
)

// maxQuestionRunes bounds a stored question: enough for any real question,
// and a pasted essay cannot bloat the moderators' list.
const maxQuestionRunes = 500

type unansweredRow struct {
	Question  string    `db:"question"`
	Count     int       `db:"count"`
	FirstSeen Timestamp `db:"first_seen"`
	LastSeen  Timestamp `db:"last_seen"`
}

// RecordUnanswered counts a question the core could not answer. The core
// normalises the wording; the store only collapses white space and bounds
// the length, so stray spacing does not split one question in two. Nothing
// about who asked is stored. Times may arrive out of order: first_seen
// keeps the earliest and last_seen the latest.
func (db *DB) RecordUnanswered(ctx context.Context, tenantID int64, question string, at time.Time) error {
	q := tidyQuestion(question)
	if q == "" {
		return fmt.Errorf("record unanswered question for tenant %d: empty question", tenantID)
	}
	if at.IsZero() {
		at = now()
	}
	ts := Timestamp{at}
	_, err := db.x.ExecContext(ctx, db.x.Rebind(`
		INSERT INTO unanswered_questions (tenant_id, question, count, first_seen, last_seen)
		VALUES (?, ?, 1, ?, ?)
		ON CONFLICT (tenant_id, question) DO UPDATE SET
			count = unanswered_questions.count + 1,
			first_seen = CASE WHEN excluded.first_seen < unanswered_questions.first_seen
				THEN excluded.first_seen ELSE unanswered_questions.first_seen END,
			last_seen = CASE WHEN excluded.last_seen > unanswered_questions.last_seen
				THEN excluded.last_seen ELSE unanswered_questions.last_seen END`),
		tenantID, q, ts, ts)
	if err != nil {
		return fmt.Errorf("record unanswered question for tenant %d: %w", tenantID, err)
	}
	return nil
}

// UnansweredQuestions returns the tenant's unanswered questions, most asked
// first and then most recent; limit <= 0 means all of them.
func (db *DB) UnansweredQuestions(ctx context.Context, tenantID int64, limit int) ([]bot.Unanswered, error) {
	q := `
		SELECT question, count, first_seen, last_seen
		FROM unanswered_questions
		WHERE tenant_id = ?
		ORDER BY count DESC, last_seen DESC, question`
	args := []any{tenantID}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	var rows []unansweredRow
	if err := db.x.SelectContext(ctx, &rows, db.x.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("list unanswered questions of tenant %d: %w", tenantID, err)
	}
	out := make([]bot.Unanswered, len(rows))
	for i, r := range rows {
		out[i] = bot.Unanswered{
			Question:  r.Question,
			Count:     r.Count,
			FirstSeen: r.FirstSeen.Time,
			LastSeen:  r.LastSeen.Time,
		}
	}
	return out, nil
}

func tidyQuestion(s string) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	if r := []rune(s); len(r) > maxQuestionRunes {
		s = strings.TrimSpace(string(r[:maxQuestionRunes]))
	}
	return s
}
