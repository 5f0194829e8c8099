package knowledge

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// The learned layer is a linear classifier from a question to the entry it
// asks about: an averaged perceptron over stems and stem pairs (after
// synonyms) and character 3- to 5-grams of the words, trained on every
// entry's title, tags and alternative questions. Where BM25F needs the
// question's words in the entry and the similarity layer needs them in one
// of its questions, the learned layer weighs every fragment of every way an
// entry is asked against the other entries: "volunteering", "volunteers"
// and a misspelt "volenteer" share most of their character n-grams, and a
// word such as "grumbles" that only one entry's questions use counts for
// that entry alone.
//
// A perceptron, rather than logistic regression, because its weights are
// sparse: an update touches only the right entry and the one that beat it,
// so the model holds a few hundred thousand weights instead of one for
// every feature and entry, and training takes well under a second.
//
// Training is deterministic (fixed order from a seeded generator), so
// `go generate ./knowledge` (which runs `waymark kb train`) always writes the
// same learned.bin.gz for the same entries and synonyms, and
// TestEmbeddedLearnedIsCurrent retrains and compares.

// Learned is a trained classifier. It is immutable and safe for concurrent
// use.
type Learned struct {
	// ids are the entries (classes) it knows, in class order.
	ids []string
	// feats are the feature hashes with any weight, sorted; the weights of
	// feats[i] are cls/w[offs[i]:offs[i+1]].
	feats []uint32
	offs  []uint32
	cls   []uint16
	// w are the weights quantised to a byte each, in steps of scale: a
	// model of half a million weights then takes under 2 MB, which
	// matters on a chat that must stay under 40 MB, and a step of 1/127
	// of the largest weight changes no ranking that matters.
	w     []int8
	scale float32
	// buckets[h] is where the feats whose top 16 bits are h begin, so a
	// lookup searches a handful of hashes, not all of them: a long
	// message has about a thousand features to look up.
	buckets []uint32
}

// buildBuckets indexes feats by their top 16 bits.
func (l *Learned) buildBuckets() {
	l.buckets = make([]uint32, 1<<16+1)
	i := 0
	for h := 0; h < 1<<16; h++ {
		l.buckets[h] = uint32(i)
		for i < len(l.feats) && int(l.feats[i]>>16) == h {
			i++
		}
	}
	l.buckets[1<<16] = uint32(len(l.feats))
}

// learnedTemperature turns scores into probabilities: with unit-length
// feature vectors and a margin of learnedMargin, a right entry a margin
// ahead of the next is about e^(0.5/0.1) ≈ 150 times as likely.
const (
	learnedTemperature = 0.1
	learnedMargin      = 0.5
	learnedEpochs      = 12
	learnedSeed        = 20261207
	// learnedCommon: a feature in more than 1/learnedCommon of the
	// examples is dropped.
	learnedCommon = 20
)

// fnvAdd hashes kind and s with FNV-1a, inlined: a question has hundreds
// of n-grams and hash.Hash would allocate for each.
func fnvAdd(out []uint32, kind byte, s string) []uint32 {
	h := uint32(2166136261)
	h = (h ^ uint32(kind)) * 16777619
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return append(out, h)
}

// learnedFeatures are the distinct feature hashes of a text.
func learnedFeatures(text string, syn *Synonyms, st stemmer, out []uint32) []uint32 {
	return learnedFeaturesOf(syn.expand(st.terms(text)), text, out)
}

// learnedFeaturesOf is learnedFeatures for a text whose terms (with
// synonyms expanded) are already worked out.
func learnedFeaturesOf(ts []string, text string, out []uint32) []uint32 {
	out = out[:0]
	for i, t := range ts {
		out = fnvAdd(out, 'w', t)
		if i > 0 {
			out = fnvAdd(out, 'b', ts[i-1]+" "+t)
		}
	}
	// Character n-grams of the folded words, stopwords left out: they
	// carry spelling, not meaning.
	var sb strings.Builder
	sb.WriteByte(' ')
	for _, w := range words(text) {
		if stopwords[w] {
			continue
		}
		sb.WriteString(w)
		sb.WriteByte(' ')
	}
	padded := sb.String()
	for n := 3; n <= 5; n++ {
		for i := 0; i+n <= len(padded); i++ {
			out = fnvAdd(out, 'c', padded[i:i+n])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// learnedExamples are the texts an entry is learned from.
func learnedExamples(e *Entry) []string {
	out := append([]string{e.Title}, e.Questions...)
	if len(e.Tags) > 0 {
		out = append(out, strings.Join(e.Tags, " "))
	}
	return out
}

// OffTopic is the learned layer's class for messages that are not about
// running a group at all. It sorts after every entry id.
const OffTopic = "~off-topic"

//go:embed offtopic
var offTopicFS embed.FS

// DefaultOffTopic reads the embedded off-topic messages (knowledge/offtopic).
func DefaultOffTopic() ([]string, error) {
	files, err := fs.Glob(offTopicFS, "offtopic/*.txt")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		data, err := offTopicFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				out = append(out, line)
			}
		}
	}
	return out, nil
}

// TrainLearned trains the learned layer on entries' titles, tags and
// alternative questions, and on offTopic messages as one more class
// (OffTopic), so that it can say how far a question is from anything the
// base covers, not only which entry is nearest.
func TrainLearned(entries []*Entry, syn *Synonyms, offTopic []string) *Learned {
	sorted := slices.Clone(entries)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	type row struct {
		fs    []uint32
		class int
	}
	var ids []string
	var rows []row
	st := stemmer{}
	for _, e := range sorted {
		if len(ids) > 0 && ids[len(ids)-1] == e.ID {
			continue
		}
		c := len(ids)
		ids = append(ids, e.ID)
		for _, t := range learnedExamples(e) {
			if fs := learnedFeatures(t, syn, st, nil); len(fs) > 0 {
				rows = append(rows, row{fs, c})
			}
		}
	}
	if len(offTopic) > 0 {
		c := len(ids)
		ids = append(ids, OffTopic)
		for _, t := range offTopic {
			if fs := learnedFeatures(t, syn, st, nil); len(fs) > 0 {
				rows = append(rows, row{fs, c})
			}
		}
	}
	// Features are numbered in order of first sight, and each keeps its
	// weights as a short list of (entry, weight) pairs: each feature ends
	// up with weight for only a few entries, and a list is far quicker to
	// walk than a map. total holds the running sums the averaged
	// perceptron needs ("lazy averaging": w_avg = w - total/steps).
	type cw struct {
		class    int
		w, total float64
	}
	index := map[uint32]int{}
	var hashes []uint32
	var df []int
	for i := range rows {
		for j, f := range rows[i].fs {
			k, ok := index[f]
			if !ok {
				k = len(hashes)
				index[f] = k
				hashes = append(hashes, f)
				df = append(df, 0)
			}
			df[k]++
			rows[i].fs[j] = uint32(k)
		}
	}
	// A fragment in more than one question in twenty (" the", "ing ")
	// says nothing about which entry is meant, and would be the slowest
	// part of training and search.
	for i := range rows {
		kept := rows[i].fs[:0]
		for _, k := range rows[i].fs {
			if df[k]*learnedCommon <= len(rows) {
				kept = append(kept, k)
			}
		}
		rows[i].fs = kept
	}
	weights := make([][]cw, len(hashes))
	scores := make([]float64, len(ids))
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(learnedSeed, learnedSeed^0x9e3779b97f4a7c15))
	step := 1.0
	update := func(fs []uint32, class int, by float64) {
		for _, f := range fs {
			ws := weights[f]
			i := 0
			for i < len(ws) && ws[i].class != class {
				i++
			}
			if i == len(ws) {
				ws = append(ws, cw{class: class})
				weights[f] = ws
			}
			ws[i].w += by
			ws[i].total += step * by
		}
	}
	for epoch := 0; epoch < learnedEpochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			r := rows[i]
			if len(r.fs) == 0 {
				continue
			}
			scale := 1 / math.Sqrt(float64(len(r.fs)))
			clear(scores)
			for _, f := range r.fs {
				for _, x := range weights[f] {
					scores[x.class] += x.w * scale
				}
			}
			// The best wrong entry, lowest class first on ties.
			rival, best := -1, math.Inf(-1)
			for c, s := range scores {
				if c != r.class && s > best {
					rival, best = c, s
				}
			}
			if scores[r.class]-best < learnedMargin {
				update(r.fs, r.class, scale)
				// A rival with no evidence at all is an arbitrary pick:
				// only one that scored is pushed down.
				if best > 0 {
					update(r.fs, rival, -scale)
				}
			}
			step++
		}
	}
	l := &Learned{ids: ids}
	byHash := make([]int, len(hashes))
	for i := range byHash {
		byHash[i] = i
	}
	sort.Slice(byHash, func(a, b int) bool { return hashes[byHash[a]] < hashes[byHash[b]] })
	maxAbs := 0.0
	for _, ws := range weights {
		for _, x := range ws {
			maxAbs = math.Max(maxAbs, math.Abs(x.w-x.total/step))
		}
	}
	if maxAbs == 0 {
		maxAbs = 1
	}
	l.scale = float32(maxAbs / 127)
	for _, k := range byHash {
		ws := slices.Clone(weights[k])
		sort.Slice(ws, func(a, b int) bool { return ws[a].class < ws[b].class })
		start := len(l.cls)
		for _, x := range ws {
			// A weight under half a step rounds to nothing and is
			// dropped: too small to change a ranking.
			q := math.Round((x.w - x.total/step) / float64(l.scale))
			if q == 0 {
				continue
			}
			l.cls = append(l.cls, uint16(x.class))
			l.w = append(l.w, int8(q))
		}
		if len(l.cls) > start {
			l.feats = append(l.feats, hashes[k])
			l.offs = append(l.offs, uint32(start))
		}
	}
	l.offs = append(l.offs, uint32(len(l.cls)))
	l.buildBuckets()
	return l
}

// Len is the number of entries the model knows.
func (l *Learned) Len() int { return len(l.ids) }

// probabilities scores a question's features against every entry the model
// knows and turns the scores into a probability per entry, in class order.
func (l *Learned) probabilities(fs []uint32, out []float64) []float64 {
	out = slices.Grow(out[:0], len(l.ids))[:len(l.ids)]
	clear(out)
	if len(fs) == 0 {
		return out
	}
	scale := float64(l.scale) / math.Sqrt(float64(len(fs)))
	for _, f := range fs {
		lo, hi := l.buckets[f>>16], l.buckets[f>>16+1]
		j, ok := slices.BinarySearch(l.feats[lo:hi], f)
		if !ok {
			continue
		}
		i := int(lo) + j
		for k := l.offs[i]; k < l.offs[i+1]; k++ {
			out[l.cls[k]] += float64(l.w[k]) * scale
		}
	}
	best := math.Inf(-1)
	for _, s := range out {
		best = math.Max(best, s)
	}
	var sum float64
	for c, s := range out {
		out[c] = math.Exp((s - best) / learnedTemperature)
		sum += out[c]
	}
	for c := range out {
		out[c] /= sum
	}
	return out
}

// Predict returns the entry ids the model ranks first for a question, best
// first, with their probabilities: for tests and diagnostics.
func (l *Learned) Predict(text string, syn *Synonyms, n int) ([]string, []float64) {
	p := l.probabilities(learnedFeatures(text, syn, nil, nil), nil)
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
	if n > len(idx) {
		n = len(idx)
	}
	ids := make([]string, n)
	ps := make([]float64, n)
	for i := 0; i < n; i++ {
		ids[i], ps[i] = l.ids[idx[i]], p[idx[i]]
	}
	return ids, ps
}

//go:generate go run .. kb train --out learned.bin.gz

//go:embed learned.bin.gz
var learnedBin []byte

// DefaultLearned is the model trained on the embedded knowledge base.
func DefaultLearned() (*Learned, error) { return UnmarshalLearned(learnedBin) }

const learnedMagic = "WMLL3"

// Marshal writes the model, gzipped: the ids, then each feature as a delta
// from the previous one with its classes and weights.
func (l *Learned) Marshal() ([]byte, error) {
	var raw bytes.Buffer
	raw.WriteString(learnedMagic)
	binary.Write(&raw, binary.LittleEndian, l.scale)
	var tmp [binary.MaxVarintLen64]byte
	uv := func(x uint64) { raw.Write(tmp[:binary.PutUvarint(tmp[:], x)]) }
	uv(uint64(len(l.ids)))
	for _, id := range l.ids {
		uv(uint64(len(id)))
		raw.WriteString(id)
	}
	uv(uint64(len(l.feats)))
	// The number of weights, so a reader can allocate them exactly: a
	// slice grown by appending can hold twice what it needs.
	uv(uint64(len(l.w)))
	prev := uint32(0)
	for i, f := range l.feats {
		uv(uint64(f - prev))
		prev = f
		uv(uint64(l.offs[i+1] - l.offs[i]))
		for k := l.offs[i]; k < l.offs[i+1]; k++ {
			uv(uint64(l.cls[k]))
			raw.WriteByte(byte(l.w[k]))
		}
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, fmt.Errorf("compress learned model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress learned model: %w", err)
	}
	return out.Bytes(), nil
}

// UnmarshalLearned reads a model Marshal wrote.
func UnmarshalLearned(data []byte) (*Learned, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read learned model: %w", err)
	}
	// Read as a stream: the unpacked file is larger than the model, and
	// a buffer that size would linger in the chat's memory.
	r := bufio.NewReader(zr)
	magic := make([]byte, len(learnedMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != learnedMagic {
		return nil, fmt.Errorf("read learned model: not a model file")
	}
	bad := func(err error) (*Learned, error) { return nil, fmt.Errorf("read learned model: %w", err) }
	var scale float32
	if err := binary.Read(r, binary.LittleEndian, &scale); err != nil {
		return bad(err)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > math.MaxUint16 {
		return bad(fmt.Errorf("entry count: %v", err))
	}
	l := &Learned{ids: make([]string, n), scale: scale}
	for i := range l.ids {
		m, err := binary.ReadUvarint(r)
		if err != nil || m > 1<<10 {
			return bad(fmt.Errorf("entry id %d", i))
		}
		b := make([]byte, m)
		if _, err := io.ReadFull(r, b); err != nil {
			return bad(err)
		}
		l.ids[i] = string(b)
	}
	nf, err := binary.ReadUvarint(r)
	if err != nil || nf > 1<<24 {
		return bad(fmt.Errorf("feature count"))
	}
	nw, err := binary.ReadUvarint(r)
	if err != nil || nw > 1<<26 {
		return bad(fmt.Errorf("weight count"))
	}
	l.feats = make([]uint32, 0, nf)
	l.offs = make([]uint32, 0, nf+1)
	l.cls = make([]uint16, 0, nw)
	l.w = make([]int8, 0, nw)
	prev := uint64(0)
	for i := uint64(0); i < nf; i++ {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return bad(err)
		}
		prev += d
		if prev > math.MaxUint32 {
			return bad(fmt.Errorf("feature %d out of range", i))
		}
		k, err := binary.ReadUvarint(r)
		if err != nil || k > n {
			return bad(fmt.Errorf("feature %d: weight count", i))
		}
		l.feats = append(l.feats, uint32(prev))
		l.offs = append(l.offs, uint32(len(l.cls)))
		for j := uint64(0); j < k; j++ {
			c, err := binary.ReadUvarint(r)
			if err != nil || c >= n {
				return bad(fmt.Errorf("feature %d: class out of range", i))
			}
			w, err := r.ReadByte()
			if err != nil {
				return bad(err)
			}
			if uint64(len(l.w)) == nw {
				return bad(fmt.Errorf("more weights than the %d announced", nw))
			}
			l.cls = append(l.cls, uint16(c))
			l.w = append(l.w, int8(w))
		}
	}
	l.offs = append(l.offs, uint32(len(l.cls)))
	l.buildBuckets()
	return l, nil
}

// TrainBase trains the learned layer on the embedded knowledge base and
// synonyms and returns the file `go generate` embeds.
func TrainBase() ([]byte, error) {
	entries, err := LoadBase()
	if err != nil {
		return nil, err
	}
	syn, err := DefaultSynonyms()
	if err != nil {
		return nil, err
	}
	off, err := DefaultOffTopic()
	if err != nil {
		return nil, err
	}
	return TrainLearned(entries, syn, off).Marshal()
}
