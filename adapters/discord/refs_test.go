package discord

import "testing"

func TestCoreTextUsesTheCoresUserReference(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"settings safeguarding-lead <@!80351110224678912>", "settings safeguarding-lead <@80351110224678912>"},
		{"moderators add <@123>", "moderators add <@123>"},
		{"deadline add AGM 3 March in <#456>", "deadline add AGM 3 March in <#456>"},
	} {
		if got := coreText(tt.in); got != tt.want {
			t.Errorf("coreText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
