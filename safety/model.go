package safety

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
)

// The learned layer is multinomial logistic regression over hashed word
// unigrams and bigrams and character 3- to 5-grams of the normalised text.
// It is small enough to train at start-up in pure Go (a few tens of
// milliseconds on the embedded corpus) and deterministic: the same corpus
// always gives the same weights.

const (
	hashBits   = 18
	numClasses = 3 // None, Concern, Crisis
)

type model struct {
	w    []float32 // numFeatures × numClasses
	bias [numClasses]float32
	// q are the weights in steps of qstep, for reading messages once the
	// model is trained (see quantise); nil while training.
	q     []int16
	qstep float64
}

// quantise keeps the weights as 16-bit steps of the largest: the table
// then takes 1.5 MB instead of 3, and a long message's thousands of
// lookups, scattered over it, miss the processor's cache half as often. A
// step is 1/32767 of the largest weight, far below any difference that
// moves a message across a threshold.
func (m *model) quantise() {
	var most float64
	for _, w := range m.w {
		most = math.Max(most, math.Abs(float64(w)))
	}
	if most == 0 {
		return
	}
	m.qstep = most / math.MaxInt16
	m.q = make([]int16, len(m.w))
	for i, w := range m.w {
		m.q[i] = int16(math.Round(float64(w) / m.qstep))
	}
}

type trainConfig struct {
	Epochs int
	Rate   float64
	L2     float64
	Seed   uint64
	// RiskWeight scales the loss of crisis and concern examples: missing
	// one costs more than a false alarm, and ordinary questions outnumber
	// them.
	RiskWeight float64
	// Runs is how many models, each fitted in its own shuffled order, are
	// averaged into the one shipped. One run's weights depend on the
	// order it saw the examples in, enough that adding a handful of
	// ordinary questions moved single blind-set messages across the
	// threshold; the average of several runs is still one linear model,
	// the same size, with most of that order-dependence gone. Five runs
	// still moved three to five crisis messages in 4,000 when 19 questions
	// were added to the base; fifteen give the same figures whatever the
	// seed; the runs train side by side, one per processor.
	Runs int
}

func (c trainConfig) withDefaults() trainConfig {
	if c.Epochs == 0 {
		c.Epochs = 12
	}
	if c.Rate == 0 {
		c.Rate = 0.5
	}
	if c.L2 == 0 {
		c.L2 = 1e-6
	}
	if c.Seed == 0 {
		c.Seed = 20261125
	}
	if c.RiskWeight == 0 {
		c.RiskWeight = 3
	}
	if c.Runs == 0 {
		c.Runs = 15
	}
	return c
}

// featureText is the plain form the classifier reads: the normalised
// text with its idioms taken out, so "my phone's about to die" teaches the
// classifier nothing about dying, and reads the same in training and in
// the screen.
func (s *Screener) featureText(text string) string {
	clauses := normalise(text)
	for i, c := range clauses {
		clauses[i] = s.blankIdioms(c, nil)
	}
	return featureTextOf(clauses)
}

func featureTextOf(clauses []tokens) string {
	var sb strings.Builder
	for i, c := range clauses {
		if i > 0 {
			sb.WriteString(" | ")
		}
		first := true
		for _, w := range c {
			if w == "" {
				// A blanked idiom.
				continue
			}
			if !first {
				sb.WriteByte(' ')
			}
			sb.WriteString(w)
			first = false
		}
	}
	return sb.String()
}

// features hashes the n-grams of a normalised text into feature indices.
// Each distinct feature counts once.
func features(text string, out []uint32) []uint32 { return featuresSeen(text, out, nil) }

// featuresSeen is features with dedupe's bitset.
func featuresSeen(text string, out []uint32, seen []uint64) []uint32 {
	// Three character n-grams start at each byte, and a word and a pair
	// at each word: sized once, a long message's features are not copied
	// a dozen times as they grow.
	if n := 4*len(text) + 8; cap(out) < n {
		out = make([]uint32, 0, n)
	}
	out = out[:0]
	// FNV-1a, inlined: the standard library's hash.Hash would allocate
	// for every n-gram, and a message has hundreds.
	add := func(kind byte, s string) {
		h := uint32(2166136261)
		h = (h ^ uint32(kind)) * 16777619
		for i := 0; i < len(s); i++ {
			h = (h ^ uint32(s[i])) * 16777619
		}
		out = append(out, h&(1<<hashBits-1))
	}
	words := strings.Fields(text)
	for i, w := range words {
		add('w', w)
		if i > 0 {
			add('b', words[i-1]+" "+w)
		}
	}
	padded := " " + text + " "
	for n := 3; n <= 5; n++ {
		for i := 0; i+n <= len(padded); i++ {
			add('c', padded[i:i+n])
		}
	}
	return dedupe(out, seen)
}

// dedupe keeps the first of each feature. A long message has thousands of
// n-grams, and marking each in a bitset is linear where sorting them was
// the screen's single largest cost; the order left does not matter, since
// scores and training sum over the set.
//
// seen is a cleared bitset of 1<<hashBits bits to mark them in, or nil for
// a new one; it is left cleared. The screen keeps one per goroutine: made
// and zeroed for every reading, its 32 KB cost a long message more than
// its n-grams.
func dedupe(xs []uint32, seen []uint64) []uint32 {
	if len(xs) < 64 {
		slices.Sort(xs)
		return slices.Compact(xs)
	}
	if seen == nil {
		seen = newBitset()
	}
	out := xs[:0]
	for _, x := range xs {
		if w, b := x>>6, uint64(1)<<(x&63); seen[w]&b == 0 {
			seen[w] |= b
			out = append(out, x)
		}
	}
	for _, x := range out {
		seen[x>>6] = 0
	}
	return out
}

// newBitset is a cleared bitset for dedupe.
func newBitset() []uint64 { return make([]uint64, (1<<hashBits)/64) }

func (m *model) scores(fs []uint32) [numClasses]float64 {
	var z [numClasses]float64
	for k := range z {
		z[k] = float64(m.bias[k])
	}
	// The weights are summed first and scaled once: a long message has
	// thousands of features, each a load from a table of megabytes.
	var sum [numClasses]float64
	if m.q != nil {
		var isum [numClasses]int64
		for _, f := range fs {
			base := int(f) * numClasses
			row := m.q[base : base+numClasses : base+numClasses]
			for k, w := range row {
				isum[k] += int64(w)
			}
		}
		for k := range sum {
			sum[k] = float64(isum[k]) * m.qstep
		}
	} else {
		for _, f := range fs {
			base := int(f) * numClasses
			row := m.w[base : base+numClasses : base+numClasses]
			for k, w := range row {
				sum[k] += float64(w)
			}
		}
	}
	scale := 1 / math.Sqrt(float64(len(fs))+1)
	for k := range z {
		z[k] += sum[k] * scale
	}
	return softmax(z)
}

func softmax(z [numClasses]float64) [numClasses]float64 {
	max := z[0]
	for _, x := range z[1:] {
		max = math.Max(max, x)
	}
	var sum float64
	for k := range z {
		z[k] = math.Exp(z[k] - max)
		sum += z[k]
	}
	for k := range z {
		z[k] /= sum
	}
	return z
}

// risk is the probability that a text is crisis or concern.
func (m *model) risk(text string) float64 {
	p := m.scores(features(text, nil))
	return p[Concern] + p[Crisis]
}

// train fits the model with stochastic gradient descent (AdaGrad step
// sizes) in a fixed order, so training is reproducible.
func train(corpus []Example, plain func(string) string, cfg trainConfig) *model {
	cfg = cfg.withDefaults()
	rows := make([]trainRow, 0, len(corpus))
	for _, ex := range corpus {
		rows = append(rows, trainRow{features(plain(ex.Text), nil), ex.Label})
	}
	// The runs are independent, so they train side by side; they are
	// summed in run order, so the average is the same however they were
	// scheduled.
	runs := make([]*model, cfg.Runs)
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for run := range runs {
		g.Go(func() error {
			runs[run] = trainRun(rows, cfg, cfg.Seed+uint64(run))
			return nil
		})
	}
	_ = g.Wait() // trainRun cannot fail
	avg := &model{w: make([]float32, (1<<hashBits)*numClasses)}
	for _, m := range runs {
		for i, w := range m.w {
			avg.w[i] += w / float32(cfg.Runs)
		}
		for k := range avg.bias {
			avg.bias[k] += m.bias[k] / float32(cfg.Runs)
		}
	}
	return avg
}

type trainRow struct {
	fs    []uint32
	label Level
}

// trainRun fits one model, seeing the examples in an order drawn from seed.
func trainRun(rows []trainRow, cfg trainConfig, seed uint64) *model {
	m := &model{w: make([]float32, (1<<hashBits)*numClasses)}
	g2 := make([]float32, len(m.w))
	var b2 [numClasses]float64
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	order := make([]int, len(rows))
	for i := range order {
		order[i] = i
	}
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			r := rows[i]
			p := m.scores(r.fs)
			scale := 1 / math.Sqrt(float64(len(r.fs))+1)
			weight := 1.0
			if r.label != None {
				weight = cfg.RiskWeight
			}
			for k := 0; k < numClasses; k++ {
				y := 0.0
				if Level(k) == r.label {
					y = 1
				}
				g := (p[k] - y) * weight
				b2[k] += g * g
				m.bias[k] -= float32(cfg.Rate * g / (math.Sqrt(b2[k]) + 1e-8))
				for _, f := range r.fs {
					idx := int(f)*numClasses + k
					gw := g*scale + cfg.L2*float64(m.w[idx])
					g2[idx] += float32(gw * gw)
					m.w[idx] -= float32(cfg.Rate * gw / (math.Sqrt(float64(g2[idx])) + 1e-8))
				}
			}
		}
	}
	return m
}

// The trained model ships in the binary as model.bin.gz, written by
// `go generate ./safety` (which runs `waymark screen train`), because
// training on the corpus and the knowledge base's questions takes longer
// than Waymark may take to start. TestEmbeddedModelIsCurrent retrains and
// compares, so the file can never drift from the data in the repo.

const modelMagic = "WMSC1"

// marshal writes the non-zero weights, gzipped.
func (m *model) marshal() ([]byte, error) {
	var raw bytes.Buffer
	raw.WriteString(modelMagic)
	raw.WriteByte(hashBits)
	for _, b := range m.bias {
		binary.Write(&raw, binary.LittleEndian, b)
	}
	var tmp [binary.MaxVarintLen64]byte
	prev := 0
	for i := 0; i < len(m.w); i += numClasses {
		if m.w[i] == 0 && m.w[i+1] == 0 && m.w[i+2] == 0 {
			continue
		}
		bucket := i / numClasses
		raw.Write(tmp[:binary.PutUvarint(tmp[:], uint64(bucket-prev))])
		prev = bucket
		binary.Write(&raw, binary.LittleEndian, m.w[i:i+numClasses])
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, fmt.Errorf("compress model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("compress model: %w", err)
	}
	return out.Bytes(), nil
}

func unmarshalModel(data []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("read screen model: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("read screen model: %w", err)
	}
	r := bytes.NewReader(raw)
	magic := make([]byte, len(modelMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != modelMagic {
		return nil, fmt.Errorf("read screen model: not a model file")
	}
	bits, err := r.ReadByte()
	if err != nil || bits != hashBits {
		return nil, fmt.Errorf("read screen model: built for %d hash bits, want %d", bits, hashBits)
	}
	m := &model{w: make([]float32, (1<<hashBits)*numClasses)}
	if err := binary.Read(r, binary.LittleEndian, &m.bias); err != nil {
		return nil, fmt.Errorf("read screen model: %w", err)
	}
	// The weights are decoded from the bytes directly: binary.Read on
	// each bucket's three floats goes through reflection, once for every
	// one of a hundred thousand buckets, at every start.
	rest := raw[len(raw)-r.Len():]
	bucket := 0
	for len(rest) > 0 {
		d, n := binary.Uvarint(rest)
		if n <= 0 {
			return nil, fmt.Errorf("read screen model: bad bucket offset")
		}
		rest = rest[n:]
		bucket += int(d)
		if bucket >= 1<<hashBits {
			return nil, fmt.Errorf("read screen model: bucket %d out of range", bucket)
		}
		if len(rest) < 4*numClasses {
			return nil, fmt.Errorf("read screen model: %w", io.ErrUnexpectedEOF)
		}
		for k := 0; k < numClasses; k++ {
			m.w[bucket*numClasses+k] = math.Float32frombits(binary.LittleEndian.Uint32(rest[4*k:]))
		}
		rest = rest[4*numClasses:]
	}
	return m, nil
}
