package safety

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Report is how the screen did on a labelled set.
type Report struct {
	Crisis, Concern, None int
	// CrisisCaught: crisis messages that got a crisis or concern reply.
	CrisisCaught int
	// CrisisAtLevel: crisis messages screened as crisis.
	CrisisAtLevel int
	ConcernCaught int
	// FalseAlarms: messages labelled none that got a crisis reply.
	FalseAlarms int
	// OtherRight: risky messages about someone else that got the "someone
	// else" wording, out of OtherTotal caught.
	OtherRight, OtherTotal int
	Misses                 []Miss
}

// Miss is a message the screen got wrong. It is shown to the developer
// running the evaluation, never logged by a running Waymark.
type Miss struct {
	Example Example
	Got     Verdict
}

// Evaluate screens every example and counts the outcomes.
func (s *Screener) Evaluate(exs []Example) Report {
	var r Report
	for _, ex := range exs {
		v := s.Screen(ex.Text)
		switch ex.Label {
		case Crisis:
			r.Crisis++
			if v.Risky() {
				r.CrisisCaught++
			}
			if v.Level == Crisis {
				r.CrisisAtLevel++
			}
		case Concern:
			r.Concern++
			if v.Risky() {
				r.ConcernCaught++
			}
		case None:
			r.None++
			if v.Risky() {
				r.FalseAlarms++
			}
		}
		if ex.Label != None && v.Risky() {
			r.OtherTotal++
			if v.Other == ex.Other {
				r.OtherRight++
			}
		}
		if v.Risky() != (ex.Label != None) {
			r.Misses = append(r.Misses, Miss{Example: ex, Got: v})
		}
	}
	return r
}

// RiskRecall is the share of crisis and concern messages caught.
func (r Report) RiskRecall() float64 {
	return ratio(r.CrisisCaught+r.ConcernCaught, r.Crisis+r.Concern)
}

// CrisisRecall is the share of crisis messages caught.
func (r Report) CrisisRecall() float64 { return ratio(r.CrisisCaught, r.Crisis) }

// FalseAlarmRate is the share of none messages that raised the alarm.
func (r Report) FalseAlarmRate() float64 {
	if r.None == 0 {
		return 0
	}
	return float64(r.FalseAlarms) / float64(r.None)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Print writes the figures and, when verbose, each miss.
func (r Report) Print(w io.Writer, verbose bool) {
	fmt.Fprintf(w, "crisis caught:      %3d/%-3d %5.1f%% (screened as crisis: %d)\n", r.CrisisCaught, r.Crisis, 100*r.CrisisRecall(), r.CrisisAtLevel)
	fmt.Fprintf(w, "concern caught:     %3d/%-3d %5.1f%%\n", r.ConcernCaught, r.Concern, 100*ratio(r.ConcernCaught, r.Concern))
	fmt.Fprintf(w, "crisis + concern:   %3d/%-3d %5.1f%%\n", r.CrisisCaught+r.ConcernCaught, r.Crisis+r.Concern, 100*r.RiskRecall())
	fmt.Fprintf(w, "false alarms:       %3d/%-3d %5.1f%%\n", r.FalseAlarms, r.None, 100*r.FalseAlarmRate())
	fmt.Fprintf(w, "someone-else right: %3d/%-3d\n", r.OtherRight, r.OtherTotal)
	if !verbose {
		return
	}
	sort.SliceStable(r.Misses, func(i, j int) bool { return r.Misses[i].Example.Label > r.Misses[j].Example.Label })
	for _, m := range r.Misses {
		fmt.Fprintf(w, "%-7s got %-7s %.2f [%s] %q\n", m.Example.Label, m.Got.Level, m.Got.Learned, strings.Join(m.Got.Signals, ","), m.Example.Text)
	}
}

// CrossValidate trains on all folds but one and screens the one left out,
// for each of folds folds, and adds up the reports: how the screen does on
// messages its classifier has not seen, without touching a blind set.
func CrossValidate(corpus []Example, folds int) (Report, error) {
	var all Report
	for fold := 0; fold < folds; fold++ {
		r, err := holdOut(corpus, func(i int, _ Example) bool { return i%folds == fold })
		if err != nil {
			return Report{}, err
		}
		all.Add(r)
	}
	return all, nil
}

// CrossValidateBySource holds out one source at a time (a corpus file, or
// the knowledge base's questions), trains on the rest and screens it. A
// file is one writer's style, so this is the nearest the corpus comes to a
// blind set: n-fold folds share each writer's habits between training and
// test, and flatter the screen.
func CrossValidateBySource(corpus []Example) (map[string]Report, error) {
	out := map[string]Report{}
	for _, ex := range corpus {
		if _, ok := out[ex.Source]; ok {
			continue
		}
		src := ex.Source
		r, err := holdOut(corpus, func(_ int, ex Example) bool { return ex.Source == src })
		if err != nil {
			return nil, fmt.Errorf("hold out %s: %w", src, err)
		}
		out[src] = r
	}
	return out, nil
}

// holdOut trains on the examples test rejects and screens the rest.
func holdOut(corpus []Example, test func(int, Example) bool) (Report, error) {
	var train, held []Example
	for i, ex := range corpus {
		if test(i, ex) {
			held = append(held, ex)
		} else {
			train = append(train, ex)
		}
	}
	s, err := New(Options{Corpus: train})
	if err != nil {
		return Report{}, err
	}
	return s.Evaluate(held), nil
}

// Add sums r into all.
func (all *Report) Add(r Report) {
	all.Crisis += r.Crisis
	all.Concern += r.Concern
	all.None += r.None
	all.CrisisCaught += r.CrisisCaught
	all.CrisisAtLevel += r.CrisisAtLevel
	all.ConcernCaught += r.ConcernCaught
	all.FalseAlarms += r.FalseAlarms
	all.OtherRight += r.OtherRight
	all.OtherTotal += r.OtherTotal
	all.Misses = append(all.Misses, r.Misses...)
}
