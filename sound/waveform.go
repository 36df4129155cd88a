package sound

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slidereel/slidereel/internal/lru"
)

// Waveforms of whole files (for the soundtrack strip before a mix exists)
// are kept as a Summary: min/max per chunk at a few zoom levels, the way
// Audacity keeps summary files. A file is decoded once, streaming (with
// ffmpeg straight to 8 kHz mono; WAV by our parser), and its summary is
// cached in memory (bounded in bytes) and on disk under CacheDir()/peaks,
// keyed by path and file stamp: a second opening of an hour
// of music costs one small file read.
const (
	peakRate        = 8000 // decode rate of the ffmpeg path
	summaryBase     = 256  // frames per chunk at level 0 (32 ms at 8 kHz)
	summaryFactor   = 16   // each level has 16 times fewer chunks
	summaryMemBytes = 32 << 20
	summaryMagic    = "SRPEAKS1"
	// mixSummaryBase is the level-0 chunk of a mix's summary (43 ms at
	// 48 kHz: 675 KB for an hour).
	mixSummaryBase = 2048
)

// Summary is the waveform of one sound file: min/max peaks per chunk at
// several resolutions. It is immutable and safe for concurrent use.
type Summary struct {
	base   int      // frames per chunk at level 0
	rate   int      // frames per second of the decoded signal
	frames int64    // decoded length in frames
	levels [][]Peak // levels[k] has one peak per summaryBase*summaryFactor^k frames
}

// Duration returns the decoded length of the file.
func (s *Summary) Duration() time.Duration {
	return time.Duration(float64(s.frames) / float64(s.rate) * float64(time.Second))
}

// Seconds returns the decoded length of the file in seconds.
func (s *Summary) Seconds() float64 { return float64(s.frames) / float64(s.rate) }

// Peaks returns buckets min/max pairs evenly covering [from, to) of the
// file; buckets past its end are zero. It reads the coarsest level that
// still has a chunk per bucket, so any zoom costs at most a few thousand
// chunk reads.
func (s *Summary) Peaks(from, to time.Duration, buckets int) []Peak {
	if buckets <= 0 {
		return nil
	}
	out := make([]Peak, buckets)
	if to <= from || s.frames == 0 {
		return out
	}
	f0 := from.Seconds() * float64(s.rate)
	span := (to - from).Seconds() * float64(s.rate) / float64(buckets)
	lvl, chunk := 0, float64(s.base)
	for lvl+1 < len(s.levels) && chunk*summaryFactor <= span {
		lvl++
		chunk *= summaryFactor
	}
	peaks := s.levels[lvl]
	for k := range out {
		a, b := f0+float64(k)*span, f0+float64(k+1)*span
		if b <= 0 || a >= float64(s.frames) {
			continue
		}
		ia := max(int(a/chunk), 0)
		ib := min(max(int(math.Ceil(b/chunk)), ia+1), len(peaks))
		if ia >= ib {
			continue
		}
		p := peaks[ia]
		for _, q := range peaks[ia+1 : ib] {
			p.Min, p.Max = min(p.Min, q.Min), max(p.Max, q.Max)
		}
		out[k] = p
	}
	return out
}

// bytes is the summary's memory size.
func (s *Summary) bytes() int64 {
	var n int64
	for _, l := range s.levels {
		n += 8 * int64(len(l))
	}
	return n + 64
}

// summaryAcc builds level 0 while decoding.
type summaryAcc struct {
	base   int // frames per chunk (0: summaryBase)
	peaks  []Peak
	fill   int
	frames int64
}

// add takes interleaved samples with ch channels.
func (a *summaryAcc) add(data []float32, ch int) {
	for i := 0; i+ch <= len(data); i += ch {
		lo, hi := data[i], data[i]
		for c := 1; c < ch; c++ {
			lo, hi = min(lo, data[i+c]), max(hi, data[i+c])
		}
		a.frames++
		if a.base == 0 {
			a.base = summaryBase
		}
		if a.fill == 0 || a.fill == a.base {
			a.peaks = append(a.peaks, Peak{Min: lo, Max: hi})
			a.fill = 1
			continue
		}
		last := &a.peaks[len(a.peaks)-1]
		last.Min, last.Max = min(last.Min, lo), max(last.Max, hi)
		a.fill++
	}
}

// summary builds the coarser levels over level 0.
func (a *summaryAcc) summary(rate int) *Summary {
	if a.base == 0 {
		a.base = summaryBase
	}
	s := &Summary{base: a.base, rate: rate, frames: a.frames, levels: [][]Peak{a.peaks}}
	for prev := a.peaks; len(prev) > 1; {
		next := make([]Peak, (len(prev)+summaryFactor-1)/summaryFactor)
		for i := range next {
			grp := prev[i*summaryFactor : min((i+1)*summaryFactor, len(prev))]
			p := grp[0]
			for _, q := range grp[1:] {
				p.Min, p.Max = min(p.Min, q.Min), max(p.Max, q.Max)
			}
			next[i] = p
		}
		s.levels = append(s.levels, next)
		prev = next
	}
	return s
}

// peakDecodes counts the files decoded for a summary (tests check the
// caches).
var peakDecodes atomic.Int64

// summaryMem keeps recently used summaries in memory, bounded in bytes.
var summaryMem = lru.New[fileKey, *Summary](summaryMemBytes, nil)

// FileSummary returns the waveform summary of the sound file at path, from
// memory, from the disk cache, or by decoding it once. Errors name the
// file.
func FileSummary(ctx context.Context, path string) (*Summary, error) {
	key, err := statKey(path)
	if err != nil {
		return nil, err
	}
	if s := memSummary(key); s != nil {
		return s, nil
	}
	cache, cerr := cachePath("peaks", key, ".peaks")
	if cerr == nil {
		if s, err := readSummary(cache); err == nil {
			touch(cache)
			keepSummary(key, s)
			return s, nil
		}
	}
	start := cacheClock()
	s, err := decodeSummary(ctx, path)
	if err != nil {
		return nil, err
	}
	// A file that had just changed is not kept on disk (see internal/stamp).
	if cerr == nil && !key.Racy(start) && writeSummary(cache, s) == nil {
		pruneCache(filepath.Dir(cache), peakCacheBytes, cache)
	}
	keepSummary(key, s)
	return s, nil
}

func memSummary(key fileKey) *Summary {
	s, _ := summaryMem.Get(key)
	return s
}

func keepSummary(key fileKey, s *Summary) {
	summaryMem.Add(key, s, s.bytes())
}

// decodeSummary decodes path once, streaming, into a summary.
func decodeSummary(ctx context.Context, path string) (*Summary, error) {
	peakDecodes.Add(1)
	var acc summaryAcc
	rate := peakRate
	ext := strings.ToLower(filepath.Ext(path))
	useFFmpeg := ffmpegBin() != "" && ext != ".wav" && ext != ".wave"
	var err error
	if !useFFmpeg {
		var p pcm
		p, err = decodeNative(ctx, path, ext)
		if errors.Is(err, errSurround) {
			useFFmpeg = true
		} else if err == nil {
			rate = p.rate
			acc.add(p.data, 2)
		}
	}
	if useFFmpeg {
		err = ffmpegDecode(ctx, path, 1, peakRate, func(b []float32) { acc.add(b, 1) })
	}
	if err == nil && acc.frames == 0 {
		err = errors.New("no audio samples")
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &DecodeError{Path: path, Err: fmt.Errorf("waveform: %w", err)}
	}
	return acc.summary(rate), nil
}

// writeSummary stores s at path atomically (temporary name, rename).
func writeSummary(path string, s *Summary) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".peaks-*")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(tmp)
	w.WriteString(summaryMagic)
	hdr := []int64{int64(s.rate), s.frames, int64(len(s.levels))}
	for _, l := range s.levels {
		hdr = append(hdr, int64(len(l)))
	}
	_ = binary.Write(w, binary.LittleEndian, hdr)
	for _, l := range s.levels {
		_ = binary.Write(w, binary.LittleEndian, l)
	}
	err = w.Flush()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// readSummary loads a summary written by writeSummary.
func readSummary(path string) (*Summary, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic := make([]byte, len(summaryMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != summaryMagic {
		return nil, errors.New("not a summary file")
	}
	var hdr [3]int64
	if err := binary.Read(r, binary.LittleEndian, &hdr); err != nil {
		return nil, err
	}
	if hdr[0] <= 0 || hdr[1] <= 0 || hdr[2] <= 0 || hdr[2] > 16 {
		return nil, errors.New("bad summary header")
	}
	lens := make([]int64, hdr[2])
	if err := binary.Read(r, binary.LittleEndian, lens); err != nil {
		return nil, err
	}
	s := &Summary{base: summaryBase, rate: int(hdr[0]), frames: hdr[1]}
	for _, n := range lens {
		if n <= 0 || n > hdr[1] {
			return nil, errors.New("bad summary level")
		}
		l := make([]Peak, n)
		if err := binary.Read(r, binary.LittleEndian, l); err != nil {
			return nil, err
		}
		s.levels = append(s.levels, l)
	}
	return s, nil
}

// FilePeaks returns the min/max peaks of path in buckets equal slices of its
// length, and its length in seconds, from the file's Summary. Errors name
// the file.
func FilePeaks(ctx context.Context, path string, buckets int) ([]Peak, float64, error) {
	if buckets <= 0 {
		return nil, 0, &DecodeError{Path: path, Err: fmt.Errorf("waveform needs at least one bucket, got %d", buckets)}
	}
	s, err := FileSummary(ctx, path)
	if err != nil {
		return nil, 0, err
	}
	return s.Peaks(0, s.Duration(), buckets), s.Seconds(), nil
}

// FilePeaksAsync computes FilePeaks in the background and calls ready with
// the result, from another goroutine (the UI must hop to its own thread).
func FilePeaksAsync(path string, buckets int, ready func([]Peak, float64, error)) {
	go func() {
		p, s, err := FilePeaks(context.Background(), path, buckets)
		ready(p, s, err)
	}()
}
