package knowledge

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// content is the curated, network-wide knowledge base, built into the
// binary so Waymark runs with no set-up.
//
//go:embed content
var content embed.FS

// BaseFS is the embedded knowledge base, rooted at its content folder.
func BaseFS() fs.FS {
	sub, err := fs.Sub(content, "content")
	if err != nil {
		panic(fmt.Sprintf("embedded content folder missing: %v", err))
	}
	return sub
}

// LoadBase parses the embedded knowledge base.
func LoadBase() ([]*Entry, error) {
	return Load(BaseFS())
}

// Load parses every entry (*.md except README.md) below the root of fsys,
// sorted by id. It fails on the first file that does not parse; use Lint
// for a full report.
func Load(fsys fs.FS) ([]*Entry, error) {
	files, err := readEntryFiles(fsys)
	if err != nil {
		return nil, err
	}
	var out []*Entry
	for _, f := range files {
		e, err := Parse(f.name, f.data)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// entryFile is one entry's file as read, before parsing.
type entryFile struct {
	name string
	data []byte
}

// readEntryFiles reads every entry file below the root of fsys, in path order.
func readEntryFiles(fsys fs.FS) ([]entryFile, error) {
	names, err := entryFiles(fsys)
	if err != nil {
		return nil, err
	}
	files := make([]entryFile, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read entry %s: %w", name, err)
		}
		files = append(files, entryFile{name: name, data: data})
	}
	return files, nil
}

func entryFiles(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") || strings.EqualFold(path.Base(p), "README.md") {
			return nil
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	if len(files) == 0 {
		return nil, errors.New("no entries (*.md files) found")
	}
	sort.Strings(files)
	return files, nil
}
