package sound

import (
	"context"
	"math"
	"math/cmplx"
	"sort"
	"sync"
)

// Beat tracking, after Ellis, "Beat Tracking by Dynamic Programming"
// (J. New Music Research, 2007):
//
//   - Onset strength: the music, decoded to mono at beatRate and streamed
//     (never held whole), is cut into Hann windows of beatFFT samples every
//     beatHop; each window's spectrum is summed into beatBands log-spaced
//     bands (so low instruments get as many bands as the cymbals), and the
//     envelope is the half-wave rectified rise of the bands' log energy
//     (spectral flux), less its local mean.
//   - Tempo: the envelope's autocorrelation weighted by a log-Gaussian
//     prior around 120 BPM; then the main pulse is chosen between that
//     tempo, half and double it: a slower pulse whose beats are clearly
//     stronger than the events between them (kick on the beat, hi-hat off
//     it) wins, and a faster one whose in-between events are as strong as
//     its beats.
//   - Phase: dynamic programming over the envelope, each beat rewarded by
//     the onset strength there and penalised by the squared log ratio of
//     its distance to the previous beat and the period, then backtracked.
//   - No clear beat: when the autocorrelation at the tempo is weak compared
//     with the envelope's energy, BeatTrack.Clear is false and Beats empty.
//
// Memory: the PCM is streamed; only the envelope (beatRate/beatHop = 86
// values a second) and the dynamic programme's two arrays are kept, about
// 3 MB per hour of music.
const (
	beatRate  = 22050
	beatFFT   = 1024
	beatHop   = 256
	beatBands = 40
	// beatMinBPM and beatMaxBPM bound the tempo found.
	beatMinBPM = 50
	beatMaxBPM = 200
	// beatClear is the least normalised autocorrelation at the tempo for
	// a clear beat.
	beatClear = 0.15
	// pulseRatio: a slower pulse wins when its beats are this much
	// stronger than the events halfway between them.
	pulseRatio = 1.3
	// beatTightness weighs the tempo penalty against onset strength.
	beatTightness = 100
	// beatLatency is how late the envelope's peak follows an attack: it
	// comes early, as the flux rises while the attack enters the window
	// (measured on the generated tracks of bench-beats).
	beatLatency = -0.014
)

// BeatTrack is the beat of a piece of music.
type BeatTrack struct {
	// Clear is false when the music has no clear beat; Tempo and Beats are
	// then empty.
	Clear bool
	// Tempo is the main pulse in beats per minute.
	Tempo float64
	// Beats are the beat times in seconds from the start of the file.
	Beats []float64
	// Strength is the normalised autocorrelation at the tempo (0..1).
	Strength float64
}

// TrackBeats finds the beat of the sound file at path (any format the mix
// reads), streaming it through ffmpeg when installed. Results are cached by
// path, size and modification time. Errors name the file.
func TrackBeats(ctx context.Context, path string) (*BeatTrack, error) {
	key, err := statKey(path)
	if err != nil {
		return nil, err
	}
	beatMu.Lock()
	if bt, ok := beatCache[key]; ok {
		beatMu.Unlock()
		return bt, nil
	}
	beatMu.Unlock()
	o := newOnsets()
	err = ffmpegDecode(ctx, path, 1, beatRate, o.write)
	if err == errNoFFmpeg {
		err = o.fromClip(ctx, path)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &DecodeError{Path: path, Err: err}
	}
	bt := BeatsOfEnvelope(o.env, float64(beatRate)/beatHop)
	beatMu.Lock()
	if len(beatCache) >= maxBeatCache {
		clear(beatCache)
	}
	beatCache[key] = bt
	beatMu.Unlock()
	return bt, nil
}

const maxBeatCache = 64

var (
	beatMu    sync.Mutex
	beatCache = map[fileKey]*BeatTrack{}
)

// fromClip feeds a file through the mix's own sources (the PCM cache),
// read block by block so memory does not grow with the file's length.
func (o *onsets) fromClip(ctx context.Context, path string) error {
	src, err := loadSource(ctx, path)
	if err != nil {
		return err
	}
	// SampleRate stereo -> beatRate mono by nearest sample (onsets only).
	step := float64(SampleRate) / beatRate
	const block = 8192
	in := make([]float32, 2*block)
	var scratch []byte
	buf := make([]float32, 0, 4096)
	start := -1 // first frame held in in, -1 before the first read
	for pos := 0.0; int(pos) < src.frames(); pos += step {
		f := int(pos)
		if start < 0 || f >= start+block {
			if err := ctx.Err(); err != nil {
				return err
			}
			start = f
			if err := src.read(in, start, &scratch); err != nil {
				return err
			}
		}
		i := 2 * (f - start)
		buf = append(buf, (in[i]+in[i+1])/2)
		if len(buf) == cap(buf) {
			o.write(buf)
			buf = buf[:0]
		}
	}
	o.write(buf)
	return nil
}

// onsets turns streamed mono samples into the onset envelope.
type onsets struct {
	win    []float64
	ring   []float32 // the last beatFFT samples, oldest at pos
	pos    int
	filled int
	since  int // samples since the last frame
	spec   []complex128
	bandOf []int
	prev   []float64
	cur    []float64
	env    []float32
}

func newOnsets() *onsets {
	o := &onsets{
		win: make([]float64, beatFFT), ring: make([]float32, beatFFT),
		spec: make([]complex128, beatFFT), bandOf: make([]int, beatFFT/2),
		prev: make([]float64, beatBands), cur: make([]float64, beatBands),
	}
	for i := range o.win {
		o.win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/beatFFT)
	}
	lo, hi := math.Log(40.0), math.Log(11000.0)
	for k := range o.bandOf {
		f := float64(k) * beatRate / beatFFT
		b := -1
		if f >= 40 && f < 11000 {
			b = int((math.Log(f) - lo) / (hi - lo) * beatBands)
		}
		o.bandOf[k] = b
	}
	return o
}

func (o *onsets) write(s []float32) {
	for _, v := range s {
		o.ring[o.pos] = v
		o.pos = (o.pos + 1) % beatFFT
		o.filled++
		o.since++
		if o.filled >= beatFFT && o.since >= beatHop {
			o.since = 0
			o.frame()
		}
	}
}

func (o *onsets) frame() {
	for i := range o.ring {
		o.spec[i] = complex(float64(o.ring[(o.pos+i)%beatFFT])*o.win[i], 0)
	}
	fft(o.spec)
	clear(o.cur)
	for k, b := range o.bandOf {
		if b >= 0 {
			m := cmplx.Abs(o.spec[k])
			o.cur[b] += m * m
		}
	}
	flux := 0.0
	for b := range o.cur {
		l := math.Pow(o.cur[b], 0.15) // magnitude^0.3: loud rises count more
		if d := l - o.prev[b]; len(o.env) > 0 && d > 0 {
			flux += d
		}
		o.prev[b] = l
	}
	o.env = append(o.env, float32(flux))
}

// fft is an in-place radix-2 FFT (len(a) a power of two).
func fft(a []complex128) {
	n := len(a)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			a[i], a[j] = a[j], a[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		w := cmplx.Exp(complex(0, -2*math.Pi/float64(size)))
		for start := 0; start < n; start += size {
			t := complex(1, 0)
			for k := 0; k < size/2; k++ {
				u, v := a[start+k], a[start+k+size/2]*t
				a[start+k], a[start+k+size/2] = u+v, u-v
				t *= w
			}
		}
	}
}

// BeatsOfEnvelope tracks the beat of an onset envelope sampled fps times a
// second (the first value at time 0 plus the analysis latency).
func BeatsOfEnvelope(raw []float32, fps float64) *BeatTrack {
	env := normaliseEnvelope(raw, fps)
	if len(env) < int(4*fps) {
		return &BeatTrack{}
	}
	period, strength := tempoPeriod(env, fps)
	bt := &BeatTrack{Strength: strength}
	if strength < beatClear {
		return bt
	}
	period = mainPulse(env, period, fps)
	beats := trackPhase(env, period)
	offset := float64(beatFFT)/2/beatRate - beatLatency
	for _, b := range beats {
		bt.Beats = append(bt.Beats, float64(b)/fps+offset)
	}
	bt.Clear = len(bt.Beats) >= 2
	bt.Tempo = 60 * fps / period
	return bt
}

// normaliseEnvelope removes the local mean (over about a second) and
// scales to unit standard deviation.
func normaliseEnvelope(raw []float32, fps float64) []float64 {
	n := len(raw)
	env := make([]float64, n)
	half := int(fps / 2)
	var sum float64
	for i := 0; i < n && i <= half; i++ {
		sum += float64(raw[i])
	}
	lo, hi := 0, min(n-1, half)
	for i := range raw {
		for hi+1 < n && hi+1 <= i+half {
			hi++
			sum += float64(raw[hi])
		}
		for lo < i-half {
			sum -= float64(raw[lo])
			lo++
		}
		env[i] = math.Max(0, float64(raw[i])-sum/float64(hi-lo+1))
	}
	var sq float64
	for _, v := range env {
		sq += v * v
	}
	if sd := math.Sqrt(sq / float64(max(1, n))); sd > 0 {
		for i := range env {
			env[i] /= sd
		}
	}
	return env
}

// tempoPeriod returns the beat period in envelope frames (fractional, by
// parabolic interpolation) that maximises the prior-weighted
// autocorrelation, and the plain normalised autocorrelation there.
func tempoPeriod(env []float64, fps float64) (float64, float64) {
	minLag, maxLag := int(60*fps/beatMaxBPM), int(math.Ceil(60*fps/beatMinBPM))
	ac := make([]float64, 2*maxLag+2)
	mean := 0.0
	for _, v := range env {
		mean += v
	}
	mean /= float64(len(env))
	for lag := 0; lag < len(ac); lag++ {
		s := 0.0
		for i := lag; i < len(env); i++ {
			s += (env[i] - mean) * (env[i-lag] - mean)
		}
		ac[lag] = s / float64(len(env)-lag)
	}
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
// the pulse is there (see the package's beat notes).
func mainPulse(env []float64, period, fps float64) float64 {
	for k := 0; k < 2; k++ {
		if slow := 2 * period; 60*fps/slow >= beatMinBPM && onOffRatio(env, slow) > pulseRatio {
			period = slow
			continue
		}
		if fast := period / 2; 60*fps/fast <= beatMaxBPM && onOffRatio(env, period) < pulseRatio {
			period = fast
			continue
		}
		break
	}
	return period
}

// onOffRatio is the mean onset strength on a grid of the period at its
// best phase, over the mean strength halfway between its points.
func onOffRatio(env []float64, period float64) float64 {
	steps := int(math.Ceil(period))
	best, bestOff := 0.0, 1.0
	for ph := 0; ph < steps; ph++ {
		on := combMean(env, float64(ph), period)
		if on > best {
			best, bestOff = on, combMean(env, float64(ph)+period/2, period)
		}
	}
	if bestOff <= 1e-9 {
		return math.Inf(1)
	}
	return best / bestOff
}

// combMean is the mean over the grid start + k*period of the envelope's
// maximum within a frame either side.
func combMean(env []float64, start, period float64) float64 {
	s, n := 0.0, 0
	for t := start; int(t)+1 < len(env); t += period {
		i := int(math.Round(t))
		m := env[i]
		if i > 0 {
			m = math.Max(m, env[i-1])
		}
		if i+1 < len(env) {
			m = math.Max(m, env[i+1])
		}
		s += m
		n++
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

// trackPhase is Ellis's dynamic programme: the best sequence of beats
// about period apart through the strongest onsets.
func trackPhase(env []float64, period float64) []int {
	n := len(env)
	score := make([]float64, n)
	back := make([]int32, n)
	lo, hi := int(math.Round(period/2)), int(math.Round(2*period))
	for t := 0; t < n; t++ {
		best, arg := 0.0, int32(-1)
		for tau := t - hi; tau <= t-lo; tau++ {
			if tau < 0 {
				continue
			}
			l := math.Log(float64(t-tau) / period)
			if v := score[tau] - beatTightness*l*l; arg < 0 || v > best {
				best, arg = v, int32(tau)
			}
		}
		score[t] = env[t] + math.Max(0, best)
		if best <= 0 {
			arg = -1
		}
		back[t] = arg
	}
	// The last beat: the best score within the last period.
	end := n - 1
	for t := max(0, n-int(period)); t < n; t++ {
		if score[t] > score[end] {
			end = t
		}
	}
	var beats []int
	for t := int32(end); t >= 0; t = back[t] {
		beats = append(beats, int(t))
	}
	sort.Ints(beats)
	return beats
}
