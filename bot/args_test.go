package bot

import "testing"

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
