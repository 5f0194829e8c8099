package bot

import "testing"

func TestScreen(t *testing.T) {
	tests := []struct {
		text string
		want Risk
	}{
		// First person, in many wordings.
		{"I can't go on any more, I want to end my life", RiskSelf},
		{"I keep thinking everyone would be better off without me", RiskSelf},
		{"i dont want to be alive anymore", RiskSelf},
		{"I've been having suicidal thoughts again", RiskSelf},
		{"honestly I want to die", RiskSelf},
		{"I've been cutting myself again", RiskSelf},
		{"I just took all my tablets", RiskSelf},
		{"Sometimes I wish I was dead", RiskSelf},
		{"there's no point in living", RiskSelf},
		{"I'm going to kill myself tonight", RiskSelf},
		// Someone else, now.
		{"One of our members just messaged saying she's taken an overdose", RiskOther},
		{"my co-organiser says he wants to end his life", RiskOther},
		{"a member posted that she's going to kill herself", RiskOther},
		{"our volunteer is suicidal and won't answer the phone", RiskOther},
		{"someone in the group has a knife and is threatening people", RiskOther},
		{"a member told me he is going to hurt himself tonight", RiskOther},
		// Idioms of stress are not a crisis.
		{"This grant application is killing me", RiskNone},
		{"this deadline is killing me", RiskNone},
		{"I'm dead tired after the AGM", RiskNone},
		{"I'd kill for a quiet week", RiskNone},
		{"we're dying to know if the bid was approved", RiskNone},
		{"the treasurer's spreadsheet is killing me slowly", RiskNone},
		{"my laptop died during the meeting", RiskNone},
		{"an overdose of meetings this week", RiskNone},
		// Questions about policy are answered, not treated as emergencies.
		{"How should our group respond if someone talks about suicide in a session?", RiskNone},
		{"what should our self-harm policy say", RiskNone},
		{"is there training on supporting someone who is suicidal?", RiskNone},
		{"What should we do if a member says they want to end their life?", RiskNone},
		// But the idiom does not hide a real crisis in the same message.
		{"this deadline is killing me and honestly I want to die", RiskSelf},
		// Medical questions are not answered from the base.
		{"What dose of sertraline should I take?", RiskMedical},
		{"should i stop taking my antidepressants", RiskMedical},
		{"Do we need a DBS check for volunteers?", RiskNone},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := Screen(tt.text); got != tt.want {
				t.Errorf("Screen(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{`deadline add "Lottery bid" 15 Dec`, []string{"deadline", "add", "Lottery bid", "15", "Dec"}, false},
		{`kb show  governance/x `, []string{"kb", "show", "governance/x"}, false},
		{`ask “what is an ICB”`, []string{"ask", "what is an ICB"}, false},
		{`deadline add "unclosed`, nil, true},
	}
	for _, tt := range tests {
		got, err := SplitArgs(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("SplitArgs(%q) error = %v", tt.in, err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("SplitArgs(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("SplitArgs(%q) = %q, want %q", tt.in, got, tt.want)
			}
		}
	}
}

func TestNormaliseQuestion(t *testing.T) {
	got := NormaliseQuestion("  Hi <@U123ABC>, email me at sam@example.org or 07700 900123 -- WHAT is a JSNA?? ")
	want := "hi email me at or what is a jsna"
	if got != want {
		t.Errorf("NormaliseQuestion = %q, want %q", got, want)
	}
}
