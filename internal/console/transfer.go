package console

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/knowledge"
)

// maxImport bounds an uploaded folder: far more than any group's entries.
const maxImport = 10 << 20

// transferPage offers export and import of a layer's entries.
func (c *Console) transferPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, "transfer", pageData{Title: "Export and import", Message: r.URL.Query().Get("saved")})
}

// export sends a layer's published entries as a zip of a folder in the
// format of knowledge/content: topic/slug.md, the source as saved.
func (c *Console) export(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	scope, ok := scopeFor(s, r.URL.Query().Get("layer"))
	if !ok {
		http.Error(w, "Only network moderators can export the network's entries.", http.StatusForbidden)
		return
	}
	var (
		rows []bot.TenantEntry
		err  error
	)
	if scope.Network() {
		rows, err = c.cfg.Store.NetworkEntries(ctx)
	} else {
		rows, err = c.cfg.Store.TenantEntries(ctx, s.tenant.ID)
	}
	if err != nil {
		c.fail(w, r, "export entries", err)
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range rows {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: e.EntryID + ".md", Method: zip.Deflate, Modified: e.UpdatedAt})
		if err != nil {
			c.fail(w, r, "export entries", err)
			return
		}
		if _, err := io.WriteString(fw, e.Source); err != nil {
			c.fail(w, r, "export entries", err)
			return
		}
	}
	if err := zw.Close(); err != nil {
		c.fail(w, r, "export entries", err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="waymark-%s-entries-%s.zip"`, scope.Layer(), c.now().Format(time.DateOnly)))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

// importZip publishes a zip of entries into a layer, all or nothing, after
// the checks of `waymark kb import`: one lint error and nothing changes.
func (c *Console) importZip(w http.ResponseWriter, r *http.Request) {
	ctx, s := r.Context(), sessionFrom(r.Context())
	scope, ok := scopeFor(s, r.PostFormValue("layer"))
	if !ok {
		http.Error(w, "Only network moderators can import into the network's entries.", http.StatusForbidden)
		return
	}
	fail := func(msg string, probs []knowledge.Problem) {
		w.WriteHeader(http.StatusUnprocessableEntity)
		c.render(w, r, "transfer", pageData{Title: "Export and import", Error: msg, Problems: probs})
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		fail("Choose a .zip file of entries to import.", nil)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxImport+1))
	if err != nil {
		c.fail(w, r, "read import", err)
		return
	}
	if len(data) > maxImport {
		fail("That file is too big to be a folder of entries.", nil)
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		fail("That is not a .zip file.", nil)
		return
	}
	entries, probs, err := knowledge.Linter{Now: c.now()}.LintFS(zr)
	if err != nil {
		fail("The zip could not be read: "+err.Error(), nil)
		return
	}
	if hasErrors(probs) {
		fail("Nothing was imported: fix these errors first.", probs)
		return
	}
	if len(entries) == 0 {
		fail("The zip holds no entries (topic/slug.md files).", nil)
		return
	}
	// An import publishes too, so with the group's approval setting on it
	// waits for a second moderator like any other publish.
	pending := s.tenant.NeedsApproval(scope)
	vs := make([]bot.NewEntryVersion, 0, len(entries))
	for _, e := range entries {
		src, err := fs.ReadFile(zr, e.File)
		if err != nil {
			c.fail(w, r, "read import", err)
			return
		}
		vs = append(vs, bot.NewEntryVersion{Scope: scope, EntryID: e.ID, Source: string(src), By: s.userID, Action: bot.ActionImport, Publish: true, Pending: pending})
	}
	if err := c.cfg.Store.SaveEntryVersions(ctx, vs); err != nil {
		if errors.Is(err, bot.ErrNotFound) {
			http.Error(w, "Your group no longer exists.", http.StatusNotFound)
			return
		}
		c.fail(w, r, "import entries", err)
		return
	}
	c.log.InfoContext(ctx, "console: entries imported", "tenant", s.tenant.ID, "layer", scope.Layer(), "entries", len(vs))
	msg := "Imported and published %d entries into the %s layer."
	if pending {
		msg = "Imported %d entries into the %s layer, each waiting for another moderator's approval."
	}
	c.redirectWith(w, r, "/transfer", url.Values{"saved": {fmt.Sprintf(msg, len(vs), scope.Layer())}})
}
