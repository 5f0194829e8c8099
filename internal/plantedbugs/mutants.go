package main

// Edit replaces Old, which must occur exactly once in File, with New.
type Edit struct {
	File     string // relative to the module root
	Old, New string
}

// Mutant is one deliberate bug. The tests of Packages must fail with it
// planted; Caught names the tests expected to catch it.
type Mutant struct {
	Name     string
	Why      string
	Edits    []Edit
	Packages []string
	Caught   string
}

// Mutants are the bugs planted in the review of issue 9 that concern
// deadlines, check-ins, the pulse, forget-me, retention and the check-in
// window guards, a token rotation that re-seals nothing and a named place
// that is ignored, which `go test ./...` let through at the time, and the
// defects of issue 9 part A, each undone. Every one must make the suite
// fail. Run them with `go run ./internal/plantedbugs` (see main.go).
var Mutants = []Mutant{
	{
		Name: "tokens-not-resealed",
		Why:  "secrets rotate reports success but leaves tokens under the old key",
		Edits: []Edit{{File: "cmd_secrets.go",
			Old: "if err := installs.Reseal(cmd.Context(), in.TeamID, in.BotTokenSealed, sealed); err != nil {",
			New: "if err := error(nil); sealed == \"\" && err != nil {"}},
		Packages: []string{"."},
		Caught:   "TestSecretsRotateResealsEveryToken",
	},
	{
		Name: "named-place-ignored",
		Why:  "a town or nation named in the question does not set the jurisdiction",
		Edits: []Edit{{File: "feature/answering/answer.go",
			Old: "	if u.Jurisdiction != \"\" {\n		j = u.Jurisdiction\n	}",
			New: "	if false {\n		j = u.Jurisdiction\n	}"}},
		Packages: []string{"./feature/answering"},
		Caught:   "TestNaturalQuestionsAreAnswered",
	},
	{
		Name: "deadline-by-id-without-tenant",
		Why:  "Deadline(id) reads another tenant's deadline",
		Edits: []Edit{{File: "internal/store/store_deadlines.go",
			Old: "` FROM deadlines WHERE tenant_id = ? AND id = ?`), tenantID, id)",
			New: "` FROM deadlines WHERE (tenant_id = ? OR TRUE) AND id = ?`), tenantID, id)"}},
		Packages: []string{"./internal/store"},
		Caught:   "TestEveryTenantTableIsIsolated/*/deadlines",
	},
	{
		Name: "deadline-by-number-without-tenant",
		Why:  "DeadlineByNumber reads another tenant's #n",
		Edits: []Edit{{File: "internal/store/store_deadlines.go",
			Old: "FROM deadlines WHERE tenant_id = ? AND number = ?`), tenantID, number)",
			New: "FROM deadlines WHERE (tenant_id = ? OR TRUE) AND number = ?`), tenantID, number)"}},
		Packages: []string{"./internal/store"},
		Caught:   "TestEveryTenantTableIsIsolated/*/deadlines",
	},
	{
		Name: "upcoming-deadlines-without-tenant",
		Why:  "UpcomingDeadlines lists every tenant's deadlines",
		Edits: []Edit{{File: "internal/store/store_deadlines.go",
			Old: "FROM deadlines WHERE tenant_id = ? AND done_at IS NULL",
			New: "FROM deadlines WHERE (tenant_id = ? OR TRUE) AND done_at IS NULL"}},
		Packages: []string{"./internal/store"},
		Caught:   "TestEveryTenantTableIsIsolated/*/deadlines",
	},
	{
		Name: "pulse-without-tenant",
		Why:  "PulseScores counts every tenant's answers",
		Edits: []Edit{{File: "internal/store/store_checkins.go",
			Old: "WHERE c.tenant_id = ? AND c.score IS NOT NULL",
			New: "WHERE (c.tenant_id = ? OR TRUE) AND c.score IS NOT NULL"}},
		Packages: []string{"./internal/store"},
		Caught:   "TestEveryTenantTableIsIsolated/*/checkins",
	},
	{
		Name: "forget-me-skips-checkin-subscriptions",
		Why:  "forget-me leaves the person's check-in opt-in",
		Edits: []Edit{{File: "internal/store/store_checkins.go",
			Old: "n, _ = res.RowsAffected()\n\t\tif _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM checkin_subscriptions WHERE tenant_id = ? AND user_id = ?`)",
			New: "n, _ = res.RowsAffected()\n\t\tif _, err := tx.ExecContext(ctx, tx.Rebind(`DELETE FROM checkin_subscriptions WHERE tenant_id = ? AND user_id = ? AND 1 = 0`)"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestForgetMeLeavesNoTrace",
	},
	{
		Name: "tokens-revoked-ignored",
		Why:  "a tokens_revoked event leaves the workspace installed",
		Edits: []Edit{{File: "adapters/slack/http.go",
			Old: `a.uninstall(ctx, teamID, "tokens_revoked")`,
			New: `_ = inner`}},
		Packages: []string{"./adapters/slack"},
		Caught:   "TestTokensRevokedUninstalls",
	},
	{
		Name: "alert-without-channel",
		Why:  "the safeguarding lead is not told where",
		Edits: []Edit{{File: "feature/crisis/crisis.go",
			Old: `where = "channel " + req.ChannelID`,
			New: `where = "a channel"`}},
		Packages: []string{"./feature/crisis"},
		Caught:   "TestLeadsAlertSaysWhoAndWhereButNotWhat",
	},
	{
		Name: "retention-zero-days",
		Why:  "an uninstalled workspace's data is deleted at once",
		Edits: []Edit{{File: "internal/serve/housekeeping.go",
			Old: "const Retention = 30 * 24 * time.Hour",
			New: "const Retention = 0 * 24 * time.Hour"}},
		Packages: []string{"./internal/store"},
		Caught:   "TestRetentionKeepsAnUninstalledGroupThirtyDays",
	},
	{
		Name: "no-cascade-to-checkins",
		Why:  "check-ins are not deleted with their tenant",
		Edits: []Edit{
			{File: "internal/store/migrations/sqlite/00200_jobs_deadlines_checkins.sql",
				Old: "tenant_id      INTEGER     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,\n    user_id        TEXT        NOT NULL,\n    occurrence_key",
				New: "tenant_id      INTEGER     NOT NULL,\n    user_id        TEXT        NOT NULL,\n    occurrence_key"},
			{File: "internal/store/migrations/postgres/00200_jobs_deadlines_checkins.sql",
				Old: "tenant_id      BIGINT      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,\n    user_id        TEXT        NOT NULL,\n    occurrence_key",
				New: "tenant_id      BIGINT      NOT NULL,\n    user_id        TEXT        NOT NULL,\n    occurrence_key"},
		},
		Packages: []string{"./internal/store"},
		Caught:   "TestDeletingATenantDeletesEveryRow",
	},
	{
		Name: "night-window-guard-removed",
		Why:  "a check-in goes out at night",
		Edits: []Edit{{File: "feature/scheduling/checkins.go",
			Old: "minute := local.Hour()*60 + local.Minute(); minute < CheckinEarliest || minute > CheckinLatest {",
			New: "minute := local.Hour()*60 + local.Minute(); minute < 0 {"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestCheckinWindowOneConditionAtATime/night*",
	},
	{
		Name: "staleness-guard-removed",
		Why:  "a check-in hours late after downtime goes out anyway",
		Edits: []Edit{{File: "feature/scheduling/checkins.go",
			Old: "if now.Sub(due) > CheckinStaleAfter {",
			New: "if now.Sub(due) > 1000*CheckinStaleAfter {"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestCheckinWindowOneConditionAtATime/stale*",
	},
	{
		Name: "checkin-pause-ignored",
		Why:  "a check-in goes out while the person has paused",
		Edits: []Edit{{File: "feature/scheduling/checkins.go",
			Old: "if !sub.PausedUntil.IsZero() && dates.DateOf(local).Before(sub.PausedUntil) {",
			New: "if !sub.PausedUntil.IsZero() && dates.DateOf(local).Before(sub.PausedUntil) && sub.EveryDays < 0 {"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestCheckinWindowOneConditionAtATime/paused*",
	},

	// Issue 9 part A's defects, each put back.
	{
		Name: "settings-saved-whole-from-a-stale-copy",
		Why:  "defect 1: a settings change reverts another",
		Edits: []Edit{
			{File: "feature/settings/settings.go",
				Old: "updated, err := s.store.ChangeTenant(ctx, t.ID, func(t *bot.Tenant) error { change(t); return nil })",
				New: "updated, err := s.store.ChangeTenant(ctx, t.ID, func(cur *bot.Tenant) error { u := *t; change(&u); *cur = u; return nil })"},
			{File: "internal/store/tenants.go",
				Old: "WHERE id = ? AND version = ?`),",
				New: "WHERE id = ? AND ? >= 0`),"},
		},
		Packages: []string{"./feature/settings"},
		Caught:   "TestSettingsChangedFromStaleCopiesAllStick",
	},
	{
		Name: "tenant-cache-not-dropped-on-write",
		Why:  "defect 1: this replica serves a tenant row it has just changed",
		Edits: []Edit{{File: "internal/store/tenant_cache.go",
			Old: "\tc.mu.Lock()\n\tdelete(c.rows, id)\n\tc.gen++\n\tc.mu.Unlock()",
			New: "\tc.mu.Lock()\n\tc.mu.Unlock()"}},
		Packages: []string{"./internal/store"},
		Caught:   "TestTenantCacheAcrossReplicas",
	},
	{
		Name: "tenant-cache-never-revalidated",
		Why:  "defect 1: other replicas serve a changed tenant row until it ages out",
		Edits: []Edit{{File: "internal/store/tenant_cache.go",
			Old: "\tversions, ok := c.due()\n\tif !ok || !c.checking.TryLock() {",
			New: "\tversions, ok := c.due()\n\tif ok || !c.checking.TryLock() {"}},
		Packages: []string{"./internal/store"},
		Caught:   "TestTenantCacheAcrossReplicas",
	},
	{
		Name: "anyone-may-change-any-deadline",
		Why:  "defect 5: members change others' deadlines and the statutory calendar",
		Edits: []Edit{{File: "feature/scheduling/deadlines.go",
			Old: "if refusal, ok := s.mayChange(req, d); !ok {",
			New: "if refusal, ok := s.mayChange(req, d); !ok && refusal == \"\" {"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestOnlyOwnersAndModeratorsChangeDeadlines",
	},
	{
		Name: "dates-unbounded",
		Why:  "defect 6: in 8000 years is accepted",
		Edits: []Edit{{File: "internal/dates/dates.go",
			Old: "\tif last := Latest(today); last.Before(d) {",
			New: "\tif last := Latest(today); last.Before(d) && d.Year < 0 {"}},
		Packages: []string{"./internal/dates", "./internal/jobs"},
		Caught:   "TestParseRefuses, TestDatesMoreThanTenYearsAheadAreRefused",
	},
	{
		Name: "one-unreadable-row-fails-the-list",
		Why:  "defect 6: a row that cannot be read breaks deadline list for the group",
		Edits: []Edit{{File: "internal/store/store_deadlines.go",
			Old: "\t\t\tunreadable = append(unreadable, d)\n\t\t\tcontinue",
			New: "\t\t\treturn nil, nil, err"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestUnreadableRowsAreSkippedAndDoNotStopReminders",
	},
	{
		Name: "forget-me-keeps-the-safeguarding-lead",
		Why:  "defect 10: the person stays the safeguarding lead",
		Edits: []Edit{{File: "feature/settings/settings.go",
			Old: "t.Settings.SafeguardingLead, wasLead = \"\", true",
			New: "wasLead = true"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestForgetMeLeavesNoTrace",
	},
	{
		Name: "forget-me-keeps-the-installer",
		Why:  "defect 10: the person stays recorded as the installer",
		Edits: []Edit{{File: "internal/store/forget.go",
			Old: "UPDATE slack_installations SET installer_user = '' WHERE",
			New: "UPDATE slack_installations SET installer_user = installer_user WHERE"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestForgetMeLeavesNoTrace",
	},
	{
		Name: "uninstalled-tenants-jobs-claimed",
		Why:  "defect 12: an uninstalled workspace's jobs run and fail",
		Edits: []Edit{{File: "internal/store/store_tenant_admin.go",
			Old: "\treturn db.parkTenantJobs(ctx, x, id)",
			New: "\treturn nil"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestUninstalledGroupsJobsWaitForReinstall",
	},
	{
		Name: "control-characters-stored",
		Why:  "defect 13: NUL bytes reach the database (PostgreSQL refuses them)",
		Edits: []Edit{{File: "internal/store/store.go",
			Old: "func clean(s string) string { return bot.CleanText(s) }",
			New: "func clean(s string) string { return s }"}},
		Packages: []string{"./internal/store"},
		Caught:   "TestStoreWritesCleanTextOnBothDialects",
	},
	{
		Name: "deadline-numbers-are-row-ids",
		Why:  "defect 14: a group's deadline numbers reveal the network's size",
		Edits: []Edit{{File: "internal/store/store_deadlines.go",
			Old: "FROM deadlines WHERE tenant_id = ? AND number = ?`), tenantID, number)",
			New: "FROM deadlines WHERE tenant_id = ? AND id = ?`), tenantID, number)"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestDeadlineNumbersArePerGroup",
	},
	{
		Name: "snooze-moves-the-due-date",
		Why:  "snooze moves the deadline itself, not the reminder",
		Edits: []Edit{{File: "feature/scheduling/deadlines.go",
			Old: "\td.SnoozedUntil = until\n",
			New: "\td.Due = d.Due.AddDays(today.DaysUntil(until))\n"}},
		Packages: []string{"./internal/jobs"},
		Caught:   "TestSnoozeMovesOnlyTheReminder",
	},
	{
		Name: "next-weekday-guessed",
		Why:  `"next Friday" on a Wednesday is read as this week's`,
		Edits: []Edit{{File: "internal/dates/dates.go",
			Old: "\tcase qualifier == \"next\" && weekStart(coming) == weekStart(today):",
			New: "\tcase qualifier == \"next\" && weekStart(coming) == weekStart(today) && weekLater:"}},
		Packages: []string{"./internal/dates"},
		Caught:   "TestNextWeekday",
	},
}
