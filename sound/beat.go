package sound

import (
	"context"
	"math"
	"math/cmplx"

	"github.com/slidereel/slidereel/internal/fft"
	"github.com/slidereel/slidereel/internal/lru"
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
// Memory does not grow with the music (beat_stream.go): the PCM is
// streamed; the onset envelope (beatRate/beatHop = 86 values a second) is
// spilled to a temporary file (1.2 MB an hour) and re-read three times:
// for the running autocorrelation, for the pulse check and for the dynamic
// programme, which keeps a ring of its last scores and back pointers and
// commits beats dpLag seconds behind the frame it is scoring. Only the
// beats themselves (8 bytes each) grow with the track.
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
// the file's path and stamp. Errors name the file.
func TrackBeats(ctx context.Context, path string) (*BeatTrack, error) {
	return loadFile(ctx, beatCache, path, func(ctx context.Context, _ fileKey) (*BeatTrack, int64, error) {
		bt, err := trackFile(ctx, path)
		if err != nil {
			if ctx.Err() != nil {
				return nil, 0, ctx.Err()
			}
			return nil, 0, &DecodeError{Path: path, Err: err}
		}
		return bt, 1, nil
	})
}

// beatCache keeps the beat tracks of the 64 files used last (concurrent
// calls for one file track it once).
var beatCache = lru.New[fileKey, *BeatTrack](64, nil)

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
	frames int           // envelope values sent to out
	out    func(float32) // receives the envelope, value by value
}

func newOnsets(out func(float32)) *onsets {
	o := &onsets{out: out,
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
	fft.Transform(o.spec, false)
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
		if d := l - o.prev[b]; o.frames > 0 && d > 0 {
			flux += d
		}
		o.prev[b] = l
	}
	o.frames++
	o.out(float32(flux))
}
