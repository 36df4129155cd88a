package sound

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/gopxl/beep/v2"
)

// blockFrames is how many frames a reader computes at a time.
const blockFrames = 8192

// reader computes a Mix block by block. It keeps the last block, the
// ducker's position hint and the limiter's release state, so reading in
// order costs one pass; a jump elsewhere (a seek) restarts the limiter
// from its nearest checkpoint, at most a second of sound before.
type reader struct {
	m    *Mix
	env  musicEnvelope
	scr  []byte    // file read scratch
	tmp  []float32 // voice scratch
	x    []float32 // raw mix window of the current block (with margins)
	tp   []float32
	req  []float32
	rr   []float32
	dq   []minEntry // the limiter's sliding-minimum deque
	out  []float32  // the current block, final samples
	from int        // first frame of out
	// limiter state: rPrev is r(next-limWindow-1) for a block starting at next.
	next  int
	rPrev float32
	// plan overrides m.norm while measuring (planNormalize).
	plan *normPlan
	// gains of the last block (planNormalize reads them).
	s []float32
}

func (m *Mix) newReader() *reader {
	r := &reader{m: m, env: m.env, from: -1, next: -1, plan: m.norm}
	if m.env.duck != nil {
		d := *m.env.duck
		d.next = 0
		r.env.duck = &d
	}
	return r
}

// at returns the final samples of frames [pos, pos+k) (interleaved), for
// some k >= 1 while pos < Len.
func (r *reader) at(pos int) ([]float32, error) {
	if r.from < 0 || pos < r.from || pos >= r.from+len(r.out)/2 {
		if err := r.fill(pos); err != nil {
			return nil, err
		}
	}
	return r.out[2*(pos-r.from):], nil
}

// fill computes the block of blockFrames frames starting at from.
func (r *reader) fill(from int) error {
	k := min(blockFrames, r.m.n-from)
	if k <= 0 {
		return fmt.Errorf("sound: read at %d outside the mix [0, %d)", from, r.m.n)
	}
	r.out = grow(r.out, 2*k)
	r.from = from
	p := r.plan
	if p == nil || !p.limit {
		if err := r.raw(r.out, from); err != nil {
			return err
		}
		if p != nil {
			for i := range r.out {
				r.out[i] *= p.gApply
			}
		}
		return nil
	}
	if from != r.next {
		if err := r.seekLimiter(from); err != nil {
			return err
		}
	}
	return r.limited(from, from+k)
}

// raw fills dst with the mix before loudness normalisation, frames
// [from, from+len(dst)/2): music, envelope, narration.
func (r *reader) raw(dst []float32, from int) error {
	m := r.m
	k := len(dst) / 2
	if err := r.music(dst, from); err != nil {
		return err
	}
	for i := range k {
		g := float32(r.env.at(from + i))
		dst[2*i] *= g
		dst[2*i+1] *= g
	}
	for _, v := range m.voices {
		lo, hi := max(v.start, from), min(v.end, from+k)
		if lo >= hi {
			continue
		}
		r.tmp = grow(r.tmp, 2*(hi-lo))
		if err := v.src.read(r.tmp, lo-v.start, &r.scr); err != nil {
			return err
		}
		d := dst[2*(lo-from) : 2*(hi-from)]
		for i := range d {
			d[i] += m.ng * r.tmp[i]
		}
	}
	return nil
}

// music copies the music files, played in order and looped (or once),
// into dst: frame k of the mix is frame k mod (total length) of the
// concatenated files, so loop seams are sample-exact.
func (r *reader) music(dst []float32, from int) error {
	m := r.m
	k := len(dst) / 2
	clear(dst)
	if m.musicTotal == 0 {
		return nil
	}
	for i := 0; i < k; {
		f := from + i
		if !m.loop && f >= m.musicTotal {
			return nil
		}
		pos := f % m.musicTotal
		for _, c := range m.music {
			if pos >= c.frames() {
				pos -= c.frames()
				continue
			}
			run := min(c.frames()-pos, k-i)
			if err := c.read(dst[2*i:2*(i+run)], pos, &r.scr); err != nil {
				return err
			}
			i += run
			break
		}
	}
	return nil
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

// Len returns the mix length in stereo frames, tl.Samples(SampleRate).
func (m *Mix) Len() int { return m.n }

// Streamer returns an independent stream over the mix, at frame 0.
func (m *Mix) Streamer() beep.StreamSeeker { return &mixStreamer{m: m, rd: m.newReader()} }

type mixStreamer struct {
	m   *Mix
	rd  *reader
	pos int
	err error
}

func (s *mixStreamer) Stream(samples [][2]float64) (int, bool) {
	if s.pos >= s.m.n || s.err != nil {
		return 0, false
	}
	k := min(len(samples), s.m.n-s.pos)
	if err := s.rd.copyTo(samples[:k], s.pos); err != nil {
		s.err = err
		return 0, false
	}
	s.pos += k
	return k, true
}

// copyTo fills dst with the frames from pos on.
func (r *reader) copyTo(dst [][2]float64, pos int) error {
	for i := 0; i < len(dst); {
		src, err := r.at(pos + i)
		if err != nil {
			return err
		}
		n := min(len(src)/2, len(dst)-i)
		for j := range n {
			dst[i+j] = [2]float64{float64(src[2*j]), float64(src[2*j+1])}
		}
		i += n
	}
	return nil
}

func (s *mixStreamer) Err() error    { return s.err }
func (s *mixStreamer) Len() int      { return s.m.n }
func (s *mixStreamer) Position() int { return s.pos }

func (s *mixStreamer) Seek(p int) error {
	if p < 0 || p > s.m.n {
		return fmt.Errorf("sound: seek to %d outside the mix [0, %d]", p, s.m.n)
	}
	s.pos = p
	return nil
}

// WritePCM writes the whole mix as interleaved signed 16-bit little-endian
// stereo at SampleRate: exactly Len() frames, computed block by block.
// Samples are rounded to the nearest step and clamped, without dither, so
// the bytes are the same on every run (after normalisation the rounding
// noise sits near -100 dBFS).
func (m *Mix) WritePCM(ctx context.Context, w io.Writer) error {
	rd := m.newReader()
	buf := make([]byte, 4*blockFrames)
	for f := 0; f < m.n; {
		if err := ctx.Err(); err != nil {
			return err
		}
		src, err := rd.at(f)
		if err != nil {
			return err
		}
		for i, v := range src {
			s := toInt16(v)
			buf[2*i] = byte(s)
			buf[2*i+1] = byte(uint16(s) >> 8)
		}
		if _, err := w.Write(buf[:2*len(src)]); err != nil {
			return fmt.Errorf("sound: write PCM: %w", err)
		}
		f += len(src) / 2
	}
	return nil
}

func toInt16(v float32) int16 {
	x := math.Round(float64(v) * 32767)
	if x > 32767 {
		return 32767
	}
	if x < -32768 {
		return -32768
	}
	if x != x {
		return 0
	}
	return int16(x)
}

// Peak is the lowest and highest sample of one waveform bucket, over both
// channels, in [-1, 1] for an unclipped signal.
type Peak struct{ Min, Max float32 }

// Summary returns the waveform summary of the whole mix, computed by one
// streaming pass the first time it is asked for.
func (m *Mix) Summary(ctx context.Context) (*Summary, error) {
	m.sumMu.Lock()
	defer m.sumMu.Unlock()
	if m.sum != nil {
		return m.sum, nil
	}
	acc := summaryAcc{base: mixSummaryBase}
	rd := m.newReader()
	for f := 0; f < m.n; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		src, err := rd.at(f)
		if err != nil {
			return nil, err
		}
		acc.add(src, 2)
		f += len(src) / 2
	}
	m.sum = acc.summary(SampleRate)
	return m.sum, nil
}

// Peaks returns min/max per bucket over the whole mix, from its Summary
// (nil if reading the mix fails or buckets <= 0).
func (m *Mix) Peaks(buckets int) []Peak {
	if buckets <= 0 {
		return nil
	}
	s, err := m.Summary(context.Background())
	if err != nil {
		return nil
	}
	return s.Peaks(0, s.Duration(), buckets)
}
