package safety

import (
	"testing"
)

// FuzzScreen: the crisis screen never panics on any message, whatever its
// length or bytes, and gives the same verdict for the same message.
func FuzzScreen(f *testing.F) {
	for _, s := range []string{
		"I want to kill myself", "this deadline is killing me", "she's taken an overdose",
		"I'm not suicidal, I'm asking what our suicide policy should cover", "", "\x00\xff",
		"I don't want to be here anymore!!!", "k i l l m y s e l f", "what is a JSNA?",
	} {
		f.Add(s)
	}
	s, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a, b := s.Screen(text), s.Screen(text)
		if a.Level != b.Level || a.Risky() != b.Risky() || a.Hinted != b.Hinted || a.Medical != b.Medical {
			t.Fatalf("Screen(%q) is not deterministic: %+v / %+v", text, a, b)
		}
	})
}
