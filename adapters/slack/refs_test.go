package slack

import "testing"

func TestCoreTextDropsSlackDisplayNames(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"settings safeguarding-lead <@U123ABC|sam>", "settings safeguarding-lead <@U123ABC>"},
		{"deadline add AGM 3 March in <#C0FUND|funding>", "deadline add AGM 3 March in <#C0FUND>"},
		{"moderators add <@U1>", "moderators add <@U1>"},
		{"no references here", "no references here"},
	} {
		if got := coreText(tt.in); got != tt.want {
			t.Errorf("coreText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
