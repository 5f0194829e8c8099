package knowledge

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: the entry parser never panics on any file (moderators import
// folders of them), and parsing is deterministic.
func FuzzParse(f *testing.F) {
	seeds, _ := fs.Glob(os.DirFS("content"), "*/*.md")
	for i, s := range seeds {
		if i%10 != 0 { // a spread of real entries is enough to start from
			continue
		}
		if b, err := os.ReadFile(filepath.Join("content", s)); err == nil {
			f.Add(s, b)
		}
	}
	f.Add("governance/x.md", []byte("---\nid: governance/x\n---\n"))
	f.Add("x.md", []byte("---\n---\n"))
	f.Add("x.md", []byte("no front matter"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		e1, err1 := Parse(name, data)
		e2, err2 := Parse(name, data)
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Fatalf("Parse is not deterministic: %v / %v", err1, err2)
		}
		if err1 == nil && (e1.ID != e2.ID || e1.Title != e2.Title) {
			t.Fatalf("Parse is not deterministic: %q / %q", e1.ID, e2.ID)
		}
	})
}
