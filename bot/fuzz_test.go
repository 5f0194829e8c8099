package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSplitArgs: the command parser never panics, and without quotation
// marks it splits valid text exactly on spaces, tabs and newlines.
func FuzzSplitArgs(f *testing.F) {
	for _, s := range []string{
		`deadline add "Lottery bid" 15 Dec`, `kb show  governance/x `, `ask “what is an ICB”`,
		`deadline add "unclosed`, `'single' "double" “curly”`, "", "\t\n", `""`, `"a""b"`, "settings safeguarding-lead <@U123|sam>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args, err := SplitArgs(s)
		if err != nil {
			return
		}
		// Invalid UTF-8 comes back as U+FFFD, as ranging over a string does.
		if utf8.ValidString(s) && !strings.ContainsAny(s, `"“”'`) {
			want := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
			if strings.Join(args, "\x00") != strings.Join(want, "\x00") {
				t.Fatalf("SplitArgs(%q) = %q, want %q", s, args, want)
			}
		}
	})
}
