package sound

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"slices"
)

// The beat tracker in passes of bounded memory (see the notes in beat.go).
// Each pass reads the onset envelope again from an envSource; none keeps
// more than a fixed number of values, so an hour of music costs what three
// minutes do, apart from the beats found.

// dpLag is how far (in seconds) the dynamic programme looks back before it
// commits beats: every path through the last dpLag seconds has merged by
// then (paths merge within a few beats, the tempo penalty being steep),
// and dpChunk is how many seconds it commits at a time.
const (
	dpLag   = 30
	dpChunk = 10
)

// envSource streams an onset envelope, value by value, from its start.
type envSource func(yield func(float64)) error

// BeatsOfEnvelope tracks the beat of an onset envelope sampled fps times a
// second (the first value at time 0 plus the analysis latency).
func BeatsOfEnvelope(raw []float32, fps float64) *BeatTrack {
	src := func(yield func(float64)) error {
		for _, v := range raw {
			yield(float64(v))
		}
		return nil
	}
	bt, err := trackEnvelope(src, fps)
	if err != nil { // a slice source never fails
		panic(err)
	}
	return bt
}

// trackFile streams the file's PCM into the onset detector, spilling the
// envelope to a temporary file, and tracks the beat from there.
func trackFile(ctx context.Context, path string) (*BeatTrack, error) {
	sp, err := newEnvSpill()
	if err != nil {
		return nil, err
	}
	defer sp.close()
	o := newOnsets(sp.add)
	err = ffmpegDecode(ctx, path, 1, beatRate, o.write)
	if err == errNoFFmpeg {
		err = o.fromClip(ctx, path)
	}
	if err != nil {
		return nil, err
	}
	if err := sp.w.Flush(); err != nil {
		return nil, err
	}
	return trackEnvelope(sp.source, float64(beatRate)/beatHop)
}

// envSpill holds an envelope as little-endian float32 in a temporary file
// (removed by close).
type envSpill struct {
	f *os.File
	w *bufio.Writer
	b [4]byte
}

func newEnvSpill() (*envSpill, error) {
	f, err := os.CreateTemp("", "slidereel-onsets-*.f32")
	if err != nil {
		return nil, err
	}
	return &envSpill{f: f, w: bufio.NewWriterSize(f, 16<<10)}, nil
}

func (s *envSpill) add(v float32) {
	binary.LittleEndian.PutUint32(s.b[:], math.Float32bits(v))
	_, _ = s.w.Write(s.b[:]) // a write error sticks and Flush reports it
}

func (s *envSpill) source(yield func(float64)) error {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	buf := make([]byte, 16<<10)
	for {
		n, err := io.ReadFull(s.f, buf)
		for i := 0; i+4 <= n; i += 4 {
			yield(float64(math.Float32frombits(binary.LittleEndian.Uint32(buf[i:]))))
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func (s *envSpill) close() {
	_ = s.f.Close()
	_ = os.Remove(s.f.Name())
}

// trackEnvelope is the tracker proper over a re-readable envelope.
func trackEnvelope(src envSource, fps float64) (*BeatTrack, error) {
	norm := localMean(src, fps)
	ac, n, sd, err := autocorrelate(norm, fps)
	if err != nil || n < int(4*fps) {
		return &BeatTrack{}, err
	}
	period, strength := tempoFromAC(ac, fps)
	bt := &BeatTrack{Strength: strength}
	if strength < beatClear {
		return bt, nil
	}
	env := scaled(norm, sd)
	if period, err = mainPulse(env, period, fps, n); err != nil {
		return nil, err
	}
	offset := float64(beatFFT)/2/beatRate - beatLatency
	bt.Beats = make([]float64, 0, int(float64(n)/period)+16)
	err = trackPhase(env, period, fps, func(f int) {
		bt.Beats = append(bt.Beats, float64(f)/fps+offset)
	})
	if err != nil {
		return nil, err
	}
	bt.Clear = len(bt.Beats) >= 2
	bt.Tempo = 60 * fps / period
	return bt, nil
}

// localMean streams max(0, raw - its mean over about a second) (the
// window is raw[i-half..i+half], cut at the ends).
func localMean(src envSource, fps float64) envSource {
	half := int(fps / 2)
	return func(yield func(float64)) error {
		ring := make([]float64, 2*half+1)
		size := len(ring)
		sum, n := 0.0, 0
		err := src(func(v float64) {
			if n >= size {
				sum -= ring[n%size]
			}
			ring[n%size] = v
			sum += v
			n++
			if i := n - 1 - half; i >= 0 {
				lo := max(0, i-half)
				yield(math.Max(0, ring[i%size]-sum/float64(n-lo)))
			}
		})
		if err != nil {
			return err
		}
		for i := max(0, n-half); i < n; i++ {
			if j := i - half - 1; j >= 0 && j >= n-size {
				sum -= ring[j%size]
			}
			lo := max(0, i-half)
			yield(math.Max(0, ring[i%size]-sum/float64(n-lo)))
		}
		return nil
	}
}

// scaled streams src divided by sd (unchanged when sd is 0).
func scaled(src envSource, sd float64) envSource {
	if sd <= 0 {
		return src
	}
	return func(yield func(float64)) error {
		return src(func(v float64) { yield(v / sd) })
	}
}

// autocorrelate returns the envelope's mean-removed autocorrelation at lags
// 0 .. 2*maxLag+1 (each sum over the overlap, divided by its length), the
// number of values and their root mean square, keeping only the last lags.
func autocorrelate(src envSource, fps float64) ([]float64, int, float64, error) {
	lags := 2*int(math.Ceil(60*fps/beatMinBPM)) + 2
	ring := make([]float64, lags)
	prod := make([]float64, lags)   // sum of x[i]*x[i-lag]
	prefix := make([]float64, lags) // prefix[k] = sum of x[0..k-1]
	total, sq, n := 0.0, 0.0, 0
	err := src(func(v float64) {
		if n < lags {
			prefix[n] = total
		}
		ring[n%lags] = v
		for lag := 0; lag < lags && lag <= n; lag++ {
			prod[lag] += v * ring[(n-lag)%lags]
		}
		total += v
		sq += v * v
		n++
	})
	if err != nil || n <= lags {
		return nil, n, 0, err
	}
	mean := total / float64(n)
	ac := make([]float64, lags)
	tail := 0.0 // sum of the last lag values
	for lag := range lags {
		if lag > 0 {
			tail += ring[(n-lag)%lags]
		}
		m := float64(n - lag)
		s := prod[lag] - mean*((total-prefix[lag])+(total-tail)) + m*mean*mean
		ac[lag] = s / m
	}
	return ac, n, math.Sqrt(sq / float64(n)), nil
}

// tempoFromAC returns the beat period in envelope frames (fractional, by
// parabolic interpolation) that maximises the prior-weighted
// autocorrelation, and the plain normalised autocorrelation there.
func tempoFromAC(ac []float64, fps float64) (float64, float64) {
	minLag, maxLag := int(60*fps/beatMaxBPM), int(math.Ceil(60*fps/beatMinBPM))
	if ac[0] <= 0 {
		return float64(minLag), 0
	}
	best, bestW := minLag, math.Inf(-1)
	for lag := minLag; lag <= maxLag; lag++ {
		bpm := 60 * fps / float64(lag)
		// Ellis's tempo pairs: a period whose double and half are periodic
		// too is the pulse, not a multiple of a faster subdivision.
		w := (ac[lag] + 0.5*ac[2*lag] + 0.5*ac[lag/2]) * math.Exp(-0.5*math.Pow(math.Log2(bpm/120), 2))
		if w > bestW {
			best, bestW = lag, w
		}
	}
	p := float64(best)
	if a, b, c := ac[best-1], ac[best], ac[best+1]; a-2*b+c < 0 {
		p += 0.5 * (a - c) / (a - 2*b + c)
	}
	return p, ac[best] / ac[0]
}

// mainPulse moves the period to half or double tempo where the beats say
// the pulse is there (see the package's beat notes). The on/off ratios of
// every period it may ask about are measured in one pass.
func mainPulse(src envSource, period, fps float64, n int) (float64, error) {
	cands := []float64{period / 2, period, 2 * period, 4 * period}
	var combs []*pulseComb
	for _, p := range cands {
		if p >= 1 && p < float64(n) {
			combs = append(combs, newPulseComb(p))
		}
	}
	if err := runCombs(src, combs, n); err != nil {
		return 0, err
	}
	ratio := func(p float64) float64 {
		for _, c := range combs {
			if c.period == p {
				return c.ratio()
			}
		}
		return 1
	}
	for range 2 {
		if slow := 2 * period; 60*fps/slow >= beatMinBPM && ratio(slow) > pulseRatio {
			period = slow
			continue
		}
		if fast := period / 2; 60*fps/fast <= beatMaxBPM && ratio(period) < pulseRatio {
			period = fast
			continue
		}
		break
	}
	return period, nil
}

// runCombs streams g[i] = max(env[i-1], env[i], env[i+1]) into the combs;
// n is the envelope's length.
func runCombs(src envSource, combs []*pulseComb, n int) error {
	var prev, cur float64
	i := 0
	err := src(func(v float64) {
		if i > 0 {
			g := math.Max(cur, v)
			if i > 1 {
				g = math.Max(g, prev)
			}
			for _, c := range combs {
				c.add(i-1, g, n)
			}
		}
		prev, cur = cur, v
		i++
	})
	if err != nil || i == 0 {
		return err
	}
	g := cur
	if i > 1 {
		g = math.Max(g, prev)
	}
	for _, c := range combs {
		c.add(i-1, g, n)
	}
	return nil
}

// pulseComb measures, for a period, the mean envelope on the grid at each
// phase (ph + k*period, ph = 0, 1, ...) and halfway between its points.
type pulseComb struct {
	period float64
	next   []float64 // the next grid time of each comb: on combs, then off
	due    []int     // the frame of next: its rounding
	sum    []float64
	count  []int
}

func newPulseComb(period float64) *pulseComb {
	steps := int(math.Ceil(period))
	c := &pulseComb{period: period, next: make([]float64, 2*steps), due: make([]int, 2*steps),
		sum: make([]float64, 2*steps), count: make([]int, 2*steps)}
	for ph := range steps {
		c.next[ph] = float64(ph)
		c.next[steps+ph] = float64(ph) + period/2
	}
	for k, t := range c.next {
		c.due[k] = int(math.Round(t))
	}
	return c
}

// add takes g at frame i (frames arrive in order); a grid time t counts
// when int(t)+1 < n.
func (c *pulseComb) add(i int, g float64, n int) {
	for k, d := range c.due {
		if d != i {
			continue
		}
		t := c.next[k]
		for int(math.Round(t)) == i {
			if int(t)+1 < n {
				c.sum[k] += g
				c.count[k]++
			}
			t += c.period
		}
		c.next[k], c.due[k] = t, int(math.Round(t))
	}
}

func (c *pulseComb) mean(k int) float64 {
	if c.count[k] == 0 {
		return 0
	}
	return c.sum[k] / float64(c.count[k])
}

// ratio is the mean on the grid at its best phase over the mean halfway
// between its points there.
func (c *pulseComb) ratio() float64 {
	steps := len(c.next) / 2
	best, bestOff := 0.0, 1.0
	for ph := range steps {
		if on := c.mean(ph); on > best {
			best, bestOff = on, c.mean(steps+ph)
		}
	}
	if bestOff <= 1e-9 {
		return math.Inf(1)
	}
	return best / bestOff
}

// phaseDP is Ellis's dynamic programme over a sliding window: the best
// sequence of beats about period apart through the strongest onsets. It
// keeps the last hi+1 scores and the last dpLag+dpChunk seconds of back
// pointers, and commits beats dpLag seconds behind.
type phaseDP struct {
	period     float64
	lo, hi     int
	score      []float64 // ring: score of frame t at t % len
	back       []int32   // ring: back pointer of frame t at t % len
	t          int       // frames scored
	committed  int       // beats before this frame are emitted
	lag, chunk int
	emit       func(int)
	path       []int // scratch for the backtrace
}

// trackPhase runs the dynamic programme over the envelope, emitting beat
// frames in order.
func trackPhase(src envSource, period, fps float64, emit func(int)) error {
	lo, hi := int(math.Round(period/2)), int(math.Round(2*period))
	lag, chunk := int(dpLag*fps), int(dpChunk*fps)
	d := &phaseDP{period: period, lo: lo, hi: hi, emit: emit,
		score: make([]float64, hi+1), back: make([]int32, lag+chunk+1),
		lag: lag, chunk: chunk}
	if err := src(d.step); err != nil {
		return err
	}
	if d.t > 0 {
		d.commit(d.end(), d.t)
	}
	return nil
}

func (d *phaseDP) step(v float64) {
	t := d.t
	best, arg := 0.0, int32(-1)
	for tau := max(0, t-d.hi); tau <= t-d.lo; tau++ {
		l := math.Log(float64(t-tau) / d.period)
		if s := d.score[tau%len(d.score)] - beatTightness*l*l; arg < 0 || s > best {
			best, arg = s, int32(tau)
		}
	}
	d.score[t%len(d.score)] = v + math.Max(0, best)
	if best <= 0 {
		arg = -1
	}
	d.back[t%len(d.back)] = arg
	d.t++
	if d.t-d.committed >= d.lag+d.chunk {
		d.commit(d.end(), d.committed+d.chunk)
	}
}

// end is the best-scoring frame within the last period (the latest frame
// on ties).
func (d *phaseDP) end() int {
	end := d.t - 1
	for t := max(0, d.t-int(d.period)); t < d.t; t++ {
		if d.score[t%len(d.score)] > d.score[end%len(d.score)] {
			end = t
		}
	}
	return end
}

// commit backtraces from end and emits the beats in [committed, upto).
func (d *phaseDP) commit(end, upto int) {
	d.path = d.path[:0]
	for t := end; t >= d.committed; t = int(d.back[t%len(d.back)]) {
		if t < upto {
			d.path = append(d.path, t)
		}
	}
	slices.Reverse(d.path)
	for _, t := range d.path {
		d.emit(t)
	}
	d.committed = upto
}
