package sound

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Waveforms of whole files (for the soundtrack strip before a mix exists).
// With ffmpeg installed, everything but WAV is decoded by ffmpeg straight to
// 8 kHz mono, which is fast even for an hour of MP3 (beep's MP3 decoder
// takes about 1.4 s per minute). WAV is parsed directly. Peaks are gathered
// while decoding into at most peakMaxChunks min/max pairs, so memory stays
// small whatever the length.
const (
	peakRate      = 8000
	peakMaxChunks = 1 << 20
	peakCacheSize = 128
)

type peakKey struct {
	fileKey
	buckets int
}

type peakResult struct {
	peaks   []Peak
	seconds float64
}

var peakCache = struct {
	sync.Mutex
	m     map[peakKey]peakResult
	order []peakKey // insertion order, oldest first
}{m: map[peakKey]peakResult{}}

// peakDecodes counts decodes done by FilePeaks (tests check the cache).
var peakDecodes atomic.Int64

// FilePeaks returns the min/max peaks of path in buckets equal slices of its
// length, and its length in seconds. Results are cached per file (path,
// size, modification time) and bucket count. Errors name the file.
func FilePeaks(ctx context.Context, path string, buckets int) ([]Peak, float64, error) {
	if buckets <= 0 {
		return nil, 0, &DecodeError{Path: path, Err: fmt.Errorf("waveform needs at least one bucket, got %d", buckets)}
	}
	fk, err := statKey(path)
	if err != nil {
		return nil, 0, err
	}
	key := peakKey{fk, buckets}
	peakCache.Lock()
	r, ok := peakCache.m[key]
	peakCache.Unlock()
	if ok {
		return append([]Peak(nil), r.peaks...), r.seconds, nil
	}

	peakDecodes.Add(1)
	var acc peakAcc
	rate := peakRate
	ext := strings.ToLower(filepath.Ext(path))
	useFFmpeg := ffmpegBin() != "" && ext != ".wav" && ext != ".wave"
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
			return nil, 0, ctx.Err()
		}
		return nil, 0, &DecodeError{Path: path, Err: fmt.Errorf("waveform: %w", err)}
	}
	r = peakResult{peaks: acc.buckets(buckets), seconds: float64(acc.frames) / float64(rate)}

	peakCache.Lock()
	if _, dup := peakCache.m[key]; !dup {
		peakCache.m[key] = r
		peakCache.order = append(peakCache.order, key)
		for len(peakCache.order) > peakCacheSize {
			delete(peakCache.m, peakCache.order[0])
			peakCache.order = peakCache.order[1:]
		}
	}
	peakCache.Unlock()
	return append([]Peak(nil), r.peaks...), r.seconds, nil
}

// FilePeaksAsync computes FilePeaks in the background and calls ready with
// the result, from another goroutine (the UI must hop to its own thread).
func FilePeaksAsync(path string, buckets int, ready func([]Peak, float64, error)) {
	go func() {
		p, s, err := FilePeaks(context.Background(), path, buckets)
		ready(p, s, err)
	}()
}

// peakAcc gathers min/max per chunk of frames, doubling the chunk size (by
// merging neighbours) whenever there would be more than peakMaxChunks.
type peakAcc struct {
	chunks []Peak
	size   int // frames per chunk
	fill   int // frames in the last chunk
	frames int
	limit  int // most chunks kept (0: peakMaxChunks)
}

// add takes interleaved samples with ch channels.
func (a *peakAcc) add(data []float32, ch int) {
	if a.size == 0 {
		a.size = 1
	}
	for i := 0; i+ch <= len(data); i += ch {
		lo, hi := data[i], data[i]
		for c := 1; c < ch; c++ {
			lo, hi = min(lo, data[i+c]), max(hi, data[i+c])
		}
		if (a.fill == 0 || a.fill == a.size) && len(a.chunks) >= a.max() {
			a.halve() // the last chunk may have room now
		}
		a.frames++
		if a.fill == 0 || a.fill == a.size {
			a.chunks = append(a.chunks, Peak{Min: lo, Max: hi})
			a.fill = 1
			continue
		}
		last := &a.chunks[len(a.chunks)-1]
		last.Min, last.Max = min(last.Min, lo), max(last.Max, hi)
		a.fill++
	}
}

func (a *peakAcc) max() int {
	if a.limit > 0 {
		return a.limit
	}
	return peakMaxChunks
}

// halve merges neighbouring chunks, doubling the chunk size.
func (a *peakAcc) halve() {
	n := len(a.chunks)
	for i := 0; i < n/2; i++ {
		x, y := a.chunks[2*i], a.chunks[2*i+1]
		a.chunks[i] = Peak{Min: min(x.Min, y.Min), Max: max(x.Max, y.Max)}
	}
	if n%2 == 1 {
		// The odd last chunk becomes the start of a chunk twice as big.
		a.chunks[n/2] = a.chunks[n-1]
		a.chunks = a.chunks[:n/2+1]
	} else {
		a.chunks = a.chunks[:n/2]
		a.fill += a.size // a full chunk merged with the last one
	}
	a.size *= 2
}

// buckets reduces the chunks to b buckets of (nearly) equal length.
func (a *peakAcc) buckets(b int) []Peak {
	out := make([]Peak, b)
	c := len(a.chunks)
	if c == 0 {
		return out
	}
	for k := range out {
		lo := k * c / b
		hi := max((k+1)*c/b, lo+1)
		p := a.chunks[lo]
		for _, q := range a.chunks[lo+1 : min(hi, c)] {
			p.Min, p.Max = min(p.Min, q.Min), max(p.Max, q.Max)
		}
		out[k] = p
	}
	return out
}
