package export

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A run is consecutive missing segments of a segmented export encoded by
// one ffmpeg: the frames stream through one encoder, which puts an IDR
// frame at each segment's first frame, and ffmpeg's segment muxer cuts the
// output into one file per segment. Encoding a segment alone costs an
// ffmpeg start and the encoder's warm-up and final flush (when x264 keeps
// fewer frames in flight than it has threads): with an empty cache, one
// ffmpeg per segment made the export about 12% slower than one pass. A
// segment of a run holds the same frames, encoded with the same settings,
// as that segment encoded alone (its bits may differ slightly: the rate
// control carries over from the segment before).
//
// Each finished file is checked (ffprobe reads it, and the muxer's list
// says it starts and ends on the planned frames) and moved into the cache
// under its key as soon as the muxer has gone on to the next one, so a
// cancelled or killed run leaves every segment it had finished for the
// next export to reuse.

// runEncodes counts the runs encoded (for the tests).
var runEncodes atomic.Int64

// encodeInRuns is off in a test that compares the local export's segments
// with a farm worker's (encoded alone) byte for byte.
var encodeInRuns = true

// runsOf splits missing (in timeline order) into runs of segments that
// follow each other without a gap. Encoders other than libx264 get runs of
// one: their forced keyframes are not known to be IDR frames.
func runsOf(missing []Segment, encoder string) [][]Segment {
	var runs [][]Segment
	for i, sg := range missing {
		n := len(runs)
		if i > 0 && encodeInRuns && encoder == EncoderX264 && missing[i-1].End == sg.Start {
			runs[n-1] = append(runs[n-1], sg)
			continue
		}
		runs = append(runs, []Segment{sg})
	}
	return runs
}

// runHarvest moves the finished files of a run into the cache.
type runHarvest struct {
	c       *SegmentCache
	run     []Segment
	pattern string // the run's files, with %05d
	list    string // the segment muxer's CSV list
	fps     int

	mu     sync.Mutex
	done   int          // files moved into the cache so far (in order)
	offset int64        // how much of the list has been read
	listed [][2]float64 // listed files' [start, end] in s, not yet moved
}

// newRunHarvest names the run's temporary files in the cache folder (their
// names start with a dot: the cache's Trim removes them if a killed export
// leaves them behind).
func newRunHarvest(c *SegmentCache, run []Segment, fps int) (*runHarvest, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	base := filepath.Join(c.dir, ".run-"+hex.EncodeToString(b[:]))
	return &runHarvest{c: c, run: run, pattern: base + "-%05d" + segExt, list: base + "-list.csv", fps: fps}, nil
}

// file returns the name of the run's k-th file.
func (h *runHarvest) file(k int) string {
	return strings.Replace(h.pattern, "%05d", fmt.Sprintf("%05d", k), 1)
}

// readList reads what the segment muxer has appended to its list since
// the last call: one "name,start,end" line per finished file, in order.
// The times of the files not yet moved queue in h.listed; what is read
// stays constant per call however long the run is.
func (h *runHarvest) readList() error {
	f, err := os.Open(h.list)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(io.NewSectionReader(f, h.offset, 1<<40))
	if err != nil {
		return err
	}
	// Only whole lines: the muxer may be writing the last one.
	text := string(data)
	whole := text[:strings.LastIndexByte(text, '\n')+1]
	h.offset += int64(len(whole))
	for line := range strings.SplitSeq(whole, "\n") {
		if t, ok := parseListLine(line); ok {
			h.listed = append(h.listed, t)
		}
	}
	return nil
}

// parseListLine reads [start, end] in seconds from a CSV list line. The
// name may be quoted and hold commas, the times never do, so they are read
// from the end.
func parseListLine(line string) ([2]float64, bool) {
	i := strings.LastIndexByte(line, ',')
	if i < 0 {
		return [2]float64{}, false
	}
	j := strings.LastIndexByte(line[:i], ',')
	if j < 0 {
		return [2]float64{}, false
	}
	start, err1 := strconv.ParseFloat(line[j+1:i], 64)
	end, err2 := strconv.ParseFloat(line[i+1:], 64)
	return [2]float64{start, end}, err1 == nil && err2 == nil
}

// collect moves into the cache every file the muxer has finished: those
// the list names before the last one, and with all the last one too (once
// ffmpeg has exited). It returns how many of the run's segments are in
// the cache.
func (h *runHarvest) collect(ctx context.Context, all bool) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.readList(); err != nil {
		return h.done, err
	}
	keep := 1 // the muxer may not have closed the last file it listed yet
	if all {
		keep = 0
	}
	for len(h.listed) > keep && h.done < len(h.run) {
		if err := h.move(ctx, h.done, h.listed[0]); err != nil {
			return h.done, err
		}
		h.listed = h.listed[1:]
		h.done++
	}
	return h.done, nil
}

// move checks the run's k-th file against its segment and renames it to
// the segment's place in the cache.
func (h *runHarvest) move(ctx context.Context, k int, t [2]float64) error {
	sg, first := h.run[k], h.run[0].Start
	src, dst := h.file(k), h.c.Path(sg.Key)
	wantStart := float64(sg.Start-first) / float64(h.fps)
	wantEnd := float64(sg.End-first) / float64(h.fps)
	half := 0.5 / float64(h.fps)
	if math.Abs(t[0]-wantStart) > half || math.Abs(t[1]-wantEnd) > half {
		return fmt.Errorf("export: segment %d of a run (frames %d-%d) was cut at %.3f-%.3f s, expected %.3f-%.3f s", k+1, sg.Start, sg.End, t[0], t[1], wantStart, wantEnd)
	}
	if err := VerifyOutput(ctx, src, ExpectFor(sg.Frames(), h.fps, false)); err != nil {
		return err
	}
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("export: moving a finished segment into the cache: %w", err)
	}
	return nil
}

// cleanup removes what is left of the run's temporary files.
func (h *runHarvest) cleanup() {
	for k := h.done; k < len(h.run); k++ {
		os.Remove(h.file(k))
	}
	os.Remove(h.list)
}

// encodeRun encodes the consecutive segments of run with one ffmpeg into
// the cache. progress counts the run's frames.
func encodeRun(ctx context.Context, pr *prepared, c *SegmentCache, run []Segment, progress func(Progress)) (err error) {
	s := pr.settings
	ffmpegPath, err := FFmpegPath()
	if err != nil {
		return err
	}
	first, frames := run[0].Start, run[len(run)-1].End-run[0].Start
	if err := CheckFreeSpace(c.dir, EstimateBytes(frames, s.Width, s.Height)); err != nil {
		return fmt.Errorf("export: segment cache %s: %w", c.dir, err)
	}
	h, err := newRunHarvest(c, run, s.FPS)
	if err != nil {
		return err
	}
	defer h.cleanup()
	runEncodes.Add(1)
	a := jobEncodeArgs(s, h.pattern, h.pattern, Job{segment: true})
	a.Format = strings.TrimPrefix(segExt, ".")
	a.SegmentList = h.list
	for _, sg := range run[1:] {
		a.Split = append(a.Split, sg.Start-first)
	}
	args, err := encodeArgv(a)
	if err != nil {
		return err
	}

	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p, err := startFFmpeg(ffmpegPath, args, false)
	if err != nil {
		return fmt.Errorf("export: starting ffmpeg: %w", err)
	}
	defer p.stop()
	p.stopOnDone(ctx)

	// Finished files are moved into the cache while the run goes on, and
	// after a cancel too: checking a file takes a moment, and keeping it
	// is what lets the next export resume.
	hctx := context.WithoutCancel(parent)
	harvestErr := make(chan error, 1)
	stopHarvest := make(chan struct{})
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopHarvest:
				harvestErr <- nil
				return
			case <-t.C:
				if _, err := h.collect(hctx, false); err != nil {
					cancel(err)
					harvestErr <- err
					return
				}
			}
		}
	}()
	pr.r.Prefetch(first, s.Width, s.Height)
	j := Job{Settings: s, Frames: frames, segment: true, Video: func(ctx context.Context, n int, dst *image.YCbCr) error {
		return pr.r.Render(ctx, first+n, dst)
	}}
	rep := newReporter(frames, progress)
	waitErr := feed(ctx, cancel, p, j, s, rep)
	close(stopHarvest)
	herr := <-harvestErr // if set, it also cancelled ctx with itself as the cause
	outcome := encodeOutcome(parent, ctx, p, waitErr, c.dir, frames)
	// Whatever the outcome (a cancel too), the files the muxer finished
	// are kept: a failed file check only loses that file.
	n, cerr := h.collect(hctx, outcome == nil && herr == nil)
	if outcome != nil {
		return outcome
	}
	if cerr != nil {
		return cerr
	}
	if n != len(run) {
		return fmt.Errorf("export: ffmpeg made %d of the run's %d segment files", n, len(run))
	}
	rep.done()
	return nil
}
