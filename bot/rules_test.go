package bot_test

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/waymark-org/waymark"

// deps lists every package pkg imports, directly or not, without tests.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// TestImportRules keeps dependencies pointing inwards: the core knows no
// feature, adapter, driver, SDK or HTTP server, and no feature knows an
// adapter. Go itself refuses cycles; these are the rules it cannot see.
func TestImportRules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	// Forbidden prefixes, and the packages whose dependencies they are
	// forbidden in.
	platform := []string{
		module + "/adapters/",
		"github.com/slack-go/", "github.com/bwmarrin/discordgo", "github.com/gorilla/websocket",
	}
	drivers := []string{
		"github.com/lib/pq", "modernc.org/sqlite", "github.com/jmoiron/sqlx", "github.com/riverqueue/",
		"github.com/jackc/", "github.com/pressly/goose",
		module + "/internal/store", module + "/internal/serve", module + "/internal/jobs",
		module + "/internal/console", module + "/internal/httpserver", module + "/internal/adapterkit",
	}
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		{module + "/bot", append(append([]string{module + "/feature/", module + "/assistant", "net/http"}, platform...), drivers...)},
		{module + "/bot/bottest", append(append([]string{module + "/feature/", module + "/assistant"}, platform...), drivers...)},
		{module + "/feature/...", append(append([]string{module + "/assistant", "net/http"}, platform...), drivers...)},
	}
	for _, r := range rules {
		pkgs := []string{r.pkg}
		if strings.HasSuffix(r.pkg, "/...") {
			out, err := exec.Command("go", "list", r.pkg).Output()
			if err != nil {
				t.Fatalf("go list %s: %v", r.pkg, err)
			}
			pkgs = strings.Fields(string(out))
		}
		for _, p := range pkgs {
			for _, d := range deps(t, p) {
				for _, f := range r.forbidden {
					if d == f || strings.HasPrefix(d, f) && (strings.HasSuffix(f, "/") || strings.HasPrefix(d, f+"/")) {
						t.Errorf("%s imports %s (directly or not), which it must not", p, d)
					}
				}
			}
		}
	}
}
