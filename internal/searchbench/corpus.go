// Package searchbench measures Waymark's search side by side with an
// in-memory bleve index (BM25 scoring) over the same entries and questions:
// the real knowledge base and a synthetic one of 10,000 entries.
package searchbench

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/waymark-org/waymark/internal/eval"
	"github.com/waymark-org/waymark/knowledge"
)

// Synthetic makes n entries from the real ones by recombining their
// titles, questions and sentences, so term statistics stay realistic.
// The seed keeps runs comparable.
func Synthetic(real []*knowledge.Entry, n int) []*knowledge.Entry {
	rng := rand.New(rand.NewPCG(1, 2))
	var sentences []string
	for _, e := range real {
		for _, s := range strings.Split(e.Body, ". ") {
			if len(s) > 20 {
				sentences = append(sentences, s)
			}
		}
	}
	pick := func() *knowledge.Entry { return real[rng.IntN(len(real))] }
	out := make([]*knowledge.Entry, 0, n)
	for i := 0; i < n; i++ {
		a, b := pick(), pick()
		at, bt := strings.Fields(a.Title), strings.Fields(b.Title)
		title := strings.Join(at[:len(at)/2+1], " ") + " " + strings.Join(bt[len(bt)/2:], " ")
		var body strings.Builder
		for j := 0; j < 12; j++ {
			body.WriteString(sentences[rng.IntN(len(sentences))])
			body.WriteString(". ")
		}
		e := &knowledge.Entry{
			ID:            fmt.Sprintf("synthetic/%05d", i),
			Title:         title,
			Topic:         a.Topic,
			Questions:     append(append([]string{}, a.Questions...), b.Questions[:1]...),
			Tags:          append(append([]string{}, a.Tags...), b.Tags...),
			Jurisdictions: a.Jurisdictions,
			Body:          body.String(),
		}
		out = append(out, e)
	}
	return out
}

// Questions loads the question sets beside the checkout: the public set
// and knowledge/eval/*.yaml. root is the repository root.
func Questions(root string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(root, "knowledge", "eval", "*.yaml"))
	if err != nil {
		return nil, err
	}
	public := filepath.Join(root, "..", "shared", "eval", "questions.yaml")
	if _, err := os.Stat(public); err == nil {
		files = append(files, public)
	}
	var qs []string
	for _, f := range files {
		cases, err := eval.Load(f)
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			qs = append(qs, c.Q)
		}
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("no questions found under %s", root)
	}
	return qs, nil
}

type bleveDoc struct {
	Title     string `json:"title"`
	Questions string `json:"questions"`
	Tags      string `json:"tags"`
	Body      string `json:"body"`
}

// Bleve indexes entries in memory with English analysis and BM25 scoring.
func Bleve(entries []*knowledge.Entry) (bleve.Index, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = en.AnalyzerName
	doc := bleve.NewDocumentMapping()
	for _, f := range []string{"title", "questions", "tags", "body"} {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = en.AnalyzerName
		fm.Store = false
		fm.IncludeTermVectors = false
		doc.AddFieldMappingsAt(f, fm)
	}
	m.DefaultMapping = doc
	ix, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("new bleve index: %w", err)
	}
	batch := ix.NewBatch()
	for _, e := range entries {
		d := bleveDoc{Title: e.Title, Questions: strings.Join(e.Questions, "\n"), Tags: strings.Join(e.Tags, " "), Body: e.Body}
		if err := batch.Index(e.ID, d); err != nil {
			return nil, fmt.Errorf("index %s: %w", e.ID, err)
		}
		if batch.Size() >= 1000 {
			if err := ix.Batch(batch); err != nil {
				return nil, err
			}
			batch = ix.NewBatch()
		}
	}
	if err := ix.Batch(batch); err != nil {
		return nil, err
	}
	return ix, nil
}

// BleveQuery searches the four fields with the same weights Waymark
// gives them, for a like-for-like comparison.
func BleveQuery(q string) *bleve.SearchRequest {
	weights := map[string]float64{"title": 3, "questions": 2.5, "tags": 1.5, "body": 1}
	var qs []query.Query
	for f, w := range weights {
		mq := bleve.NewMatchQuery(q)
		mq.SetField(f)
		mq.SetBoost(w)
		qs = append(qs, mq)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), 4, 0, false)
	return req
}
