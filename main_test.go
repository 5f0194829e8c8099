package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes the waymark command in-process with its own database.
func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	root := newRoot()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		t.Logf("stderr: %s", errOut.String())
	}
	return out.String(), err
}

func TestAskJSONContract(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	out, err := run(t, "", "--db", db, "ask", "--json", "What does a designated safeguarding lead do?")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	for _, field := range []string{"kind", "text", "entry_id", "title", "score", "sources", "suggestions"} {
		if _, ok := got[field]; !ok {
			t.Errorf("missing field %q", field)
		}
	}
	if got["kind"] != "answer" || got["entry_id"] != "safeguarding/designated-safeguarding-lead" {
		t.Errorf("kind %v entry %v", got["kind"], got["entry_id"])
	}
	if c := got["confidence"]; c != "high" && c != "tentative" {
		t.Errorf("an answer's confidence is %v, want high or tentative", c)
	}
	out, err = run(t, "", "--db", db, "ask", "--json", "honestly I don't see the point anymore")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got["kind"] != "crisis" || got["level"] != "concern" {
		t.Errorf("kind %v level %v, want crisis and concern", got["kind"], got["level"])
	}
}

func TestAskBatchOneObjectPerLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	in := "What is social prescribing?\n\nI want to end my life\nhow do I reset my router\n"
	out, err := run(t, in, "--db", db, "ask", "--json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []string{"answer", "crisis", "no_answer"}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, line := range lines {
		var r askJSON
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if r.Kind != want[i] {
			t.Errorf("line %d kind = %s, want %s", i+1, r.Kind, want[i])
		}
		if r.Sources == nil || r.Suggestions == nil {
			t.Errorf("line %d: sources and suggestions must be lists, never null", i+1)
		}
	}
}

func TestAskJurisdiction(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	out, err := run(t, "", "--db", db, "ask", "--json", "--jurisdiction", "scotland", "do we need to register as a charity")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "governance/register-a-charity-scotland") {
		t.Errorf("scotland got %.300s", out)
	}
	if _, err := run(t, "", "--db", db, "ask", "--jurisdiction", "narnia", "x"); err == nil || !strings.Contains(err.Error(), "use one of") {
		t.Errorf("bad jurisdiction error = %v", err)
	}
}

const importEntry = `---
id: governance/our-meetings
title: When does our committee meet?
topic: governance
questions: [when is the next committee meeting, how often do trustees meet here, what day is the committee]
tags: [meetings]
jurisdictions: [uk]
sources: [{title: Our constitution, url: "https://example.org/constitution"}]
reviewed: 2026-11-01
---
Our committee meets on the first Tuesday of every month at the Hub.

` + "%s\n"

func TestKBImportIsAllOrNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	filler := strings.Repeat("More detail about our meetings. ", 25)
	write("governance/our-meetings.md", strings.Replace(importEntry, "%s", filler, 1))
	write("governance/broken.md", "---\nid: governance/broken\n---\nno")

	if _, err := run(t, "", "--db", db, "kb", "import", dir); err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("import with a broken entry: err = %v", err)
	}
	out, err := run(t, "", "--db", db, "ask", "--json", "when is the next committee meeting")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "first Tuesday") {
		t.Fatal("a failed import saved an entry")
	}

	if err := os.Remove(filepath.Join(dir, "governance/broken.md")); err != nil {
		t.Fatal(err)
	}
	if out, err := run(t, "", "--db", db, "kb", "import", dir); err != nil || !strings.Contains(out, "imported 1 entries") {
		t.Fatalf("import: %v %s", err, out)
	}
	out, err = run(t, "", "--db", db, "ask", "--json", "when is the next committee meeting")
	if err != nil || !strings.Contains(out, "first Tuesday") {
		t.Fatalf("imported entry not answered: %v %.300s", err, out)
	}
	out, err = run(t, "", "--db", db, "kb", "export", "--json")
	if err != nil || !strings.Contains(out, `"id": "governance/our-meetings"`) || !strings.Contains(out, `"id": "governance/trustee-duties"`) {
		t.Fatalf("export lacks local or base entries: %v", err)
	}
}

func TestKBLintReportsFileAndLine(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "governance"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(importEntry, "https://example.org/constitution", "not a url", 1)
	if err := os.WriteFile(filepath.Join(dir, "governance/our-meetings.md"), []byte(strings.Replace(bad, "%s", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "", "kb", "lint", dir)
	if err == nil {
		t.Fatal("lint passed a broken entry")
	}
	for _, want := range []string{dir + "/governance/our-meetings.md:8: error: source URL", "our-meetings.md:11: error: body has 13 words"} {
		if !strings.Contains(out, want) {
			t.Errorf("lint output lacks %q:\n%s", want, out)
		}
	}
	if out, err := run(t, "", "kb", "lint"); err != nil {
		t.Errorf("built-in base fails lint: %v\n%s", err, out)
	}
}

func TestChatInTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	out, err := run(t, "hello\nWhat is the ladder of co-production?\n/waymark kb show nope\nquit\n", "--db", db, "chat")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Samaritans: 116 123", "Hello! I'm Waymark", "co-design", "There is no entry", "Take care."} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q", want)
		}
	}
}

func TestEvalPublicSet(t *testing.T) {
	path := filepath.Join("..", "shared", "eval", "questions.yaml")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("public question set not beside the checkout: %v", err)
	}
	out, err := run(t, "", "eval", path)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "false crisis: 0") {
		t.Errorf("eval output:\n%s", out)
	}
}
