package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
)

// Task is housekeeping that runs on a schedule (the retention sweep, the
// console's expired links, planning the moderators' digest). Each is a
// River periodic job: only the elected leader among the replicas inserts
// it, and its insert is unique per period, so a change of leader, or a
// replica restarting, never runs one twice in a period.
type Task struct {
	// Name identifies the task in its job's arguments; keep it stable, or
	// jobs queued under the old name are dropped.
	Name string
	// Every is the period (River's PeriodicInterval), and the window of
	// the task's unique key.
	Every time.Duration
	// Timeout bounds one run (default one minute): a stalled database
	// delays a sweep rather than holding a worker for ever.
	Timeout time.Duration
	// Run does the work at now (the runner's clock). An error is retried
	// with River's backoff, like any job.
	Run func(ctx context.Context, now time.Time) error
}

// JobTask is the River kind of every Task's job.
const JobTask = "waymark.task"

// TaskArgs are a Task's job arguments: only its name, unique (with the
// period, TaskUniqueOpts) so one run per period is inserted.
type TaskArgs struct {
	Task string `json:"task" river:"unique"`
}

// Kind is River's name for the job kind.
func (TaskArgs) Kind() string { return JobTask }

// insertOpts are the options of a task's job: unique within its period in
// every state, so a finished run also blocks a second one.
func (t Task) insertOpts() *river.InsertOpts {
	return &river.InsertOpts{
		MaxAttempts: 3,
		UniqueOpts:  river.UniqueOpts{ByArgs: true, ByPeriod: t.Every},
	}
}

// taskWorker runs a Task's job by name.
type taskWorker struct {
	river.WorkerDefaults[TaskArgs]
	r *Runner
}

func (w *taskWorker) Timeout(j *river.Job[TaskArgs]) time.Duration {
	if t, ok := w.r.tasks[j.Args.Task]; ok && t.Timeout > 0 {
		return t.Timeout
	}
	return time.Minute
}

func (w *taskWorker) Work(ctx context.Context, j *river.Job[TaskArgs]) error {
	t, ok := w.r.tasks[j.Args.Task]
	if !ok {
		// Queued by a version that had this task; nothing to do now.
		w.r.log.WarnContext(ctx, "periodic task unknown to this version; dropped", "task", j.Args.Task, "job", j.ID)
		return nil
	}
	start := time.Now()
	if err := t.Run(ctx, w.r.now()); err != nil {
		return fmt.Errorf("task %s: %w", t.Name, err)
	}
	w.r.log.DebugContext(ctx, "periodic task done", "task", t.Name, "took", time.Since(start))
	return nil
}

// periodicJobs are River's periodic jobs for the runner's tasks. RunOnStart
// inserts each when a leader is elected; uniqueness per period keeps that
// from repeating a run already done in the period.
func (r *Runner) periodicJobs() []*river.PeriodicJob {
	var out []*river.PeriodicJob
	for _, t := range r.opts.Tasks {
		out = append(out, river.NewPeriodicJob(river.PeriodicInterval(t.Every),
			func() (river.JobArgs, *river.InsertOpts) { return TaskArgs{Task: t.Name}, t.insertOpts() },
			&river.PeriodicJobOpts{ID: t.Name, RunOnStart: true}))
	}
	return out
}

// EnqueueTasks inserts every task's job now, as River's periodic enqueuer
// does on the leader when a task's period comes round, with the same
// arguments and unique options. It is for tests, which move a test clock
// that the enqueuer's timers do not follow (RunUntilIdle then works them),
// and for operators who want a sweep run at once. It returns how many were
// inserted (not already run or queued in their period).
func (r *Runner) EnqueueTasks(ctx context.Context) (int, error) {
	n := 0
	for _, t := range r.opts.Tasks {
		res, err := r.client.Insert(ctx, TaskArgs{Task: t.Name}, t.insertOpts())
		if err != nil {
			return n, fmt.Errorf("enqueue task %s: %w", t.Name, err)
		}
		if !res.UniqueSkippedAsDuplicate {
			n++
		}
	}
	return n, nil
}
