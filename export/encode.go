package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// FrameSource draws video frame n into dst, a 4:2:0 image of the output
// size (BT.709 limited range). It is called for n = 0, 1, ... in order,
// from one goroutine.
type FrameSource func(ctx context.Context, frame int, dst *image.YCbCr) error

// PCMSource writes the whole soundtrack to w as interleaved signed 16-bit
// little-endian stereo at 48 kHz.
type PCMSource func(ctx context.Context, w io.Writer) error

// Job is an encode of frames and sound that come from elsewhere: the core
// of Export, usable with any sources (the benchmark and the tests use it).
type Job struct {
	Settings Settings
	// Frames is the number of video frames; Video is called for each.
	Frames int
	Video  FrameSource
	// Audio writes Samples stereo sample frames; nil gives a video
	// without sound. Fewer or more samples than Samples is an error.
	Audio   PCMSource
	Samples int
	// segment marks a segment of a segmented export: no +faststart (the
	// file is only read by the assembly).
	segment bool
}

// Progress is how far an export is. Frame counts the frames rendered and
// handed to the encoder; it reaches Total only when the file is complete.
type Progress struct {
	Frame, Total int
	// Segments is the number of segments of a segmented export (0 for a
	// one-pass export); Reused is how many of them came from the cache.
	Segments, Reused int
	FPS              float64       // frames per second over the last seconds
	Elapsed, ETA     time.Duration // ETA from FPS and the frames left
}

// frameBuffers is how many frames can be in flight between the renderer
// and ffmpeg: one being written, the others being rendered ahead.
const frameBuffers = 3

// progressEvery is the minimum time between two progress callbacks.
const progressEvery = 100 * time.Millisecond

// forceAudioFile makes Encode pass the sound through a temporary file
// instead of a pipe (the only way on Windows; tests use it elsewhere).
var forceAudioFile = runtime.GOOS == "windows"

// Encode runs ffmpeg on the job. The output appears at j.Settings.Output
// only if everything succeeded; see the package documentation for cancel,
// temporary files and errors. progress may be nil; it is called on the
// calling goroutine, at most every 100 ms, and last with Frame == Total
// once the file is in place.
func Encode(ctx context.Context, j Job, progress func(Progress)) (err error) {
	s := j.Settings.withDefaults()
	if err := checkJob(j, s); err != nil {
		return err
	}
	ffmpegPath, err := FFmpegPath()
	if err != nil {
		return err
	}
	out, tmp, err := prepareOutput(s.Output, EstimateBytes(j.Frames, s.Width, s.Height))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()

	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	args, audioFile, err := encodeCommand(ctx, s, out, tmp, j)
	if err != nil {
		return err
	}
	if audioFile != "" {
		defer os.Remove(audioFile)
	}
	p, err := startFFmpeg(ffmpegPath, args, j.Audio != nil && audioFile == "")
	if err != nil {
		return fmt.Errorf("export %s: starting ffmpeg: %w", out, err)
	}
	// Whatever happens below, ffmpeg is gone when Encode returns.
	defer p.stop()
	p.stopOnDone(ctx)

	rep := newReporter(j.Frames, progress)
	waitErr := feed(ctx, cancel, p, j, s, rep)
	if err := encodeOutcome(parent, ctx, p, waitErr, out, j.Frames); err != nil {
		return err
	}
	if err := finish(ctx, tmp, out, ExpectFor(j.Frames, s.FPS, j.Audio != nil)); err != nil {
		return err
	}
	rep.done()
	return nil
}

// checkJob refuses a job that cannot make a video or is over the limits.
func checkJob(j Job, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if j.Frames < 1 || j.Video == nil {
		return errors.New("export: nothing to encode (no frames)")
	}
	if j.Audio != nil && j.Samples < 1 {
		return errors.New("export: the sound has no samples")
	}
	return s.Limits.CheckVideo(j.Frames, s.FPS, s.Width, s.Height)
}

// prepareOutput checks the output name (made absolute as out) and the free
// space for need bytes, clears the leftovers of killed exports and creates
// the temporary file tmp the video is written to before it is renamed to
// out. The caller removes tmp on failure.
func prepareOutput(output string, need int64) (out, tmp string, err error) {
	out, err = filepath.Abs(output)
	if err != nil {
		return "", "", fmt.Errorf("export %s: %w", output, err)
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return "", "", fmt.Errorf("export %s: is a folder, not a file name", out)
	}
	removeStaleTemps(out, filepath.Ext(out))
	if err := CheckFreeSpace(filepath.Dir(out), need); err != nil {
		return "", "", fmt.Errorf("export %s: %w", out, err)
	}
	tmp, err = createTemp(out, filepath.Ext(out))
	if err != nil {
		return "", "", err
	}
	return out, tmp, nil
}

// encodeCommand is ffmpeg's argv for encoding j into tmp. Where the sound
// cannot go through a pipe it is first written to audioFile, which the
// caller removes.
func encodeCommand(ctx context.Context, s Settings, out, tmp string, j Job) (args []string, audioFile string, err error) {
	if j.Audio != nil && forceAudioFile {
		if audioFile, err = writeAudioFile(ctx, out, j); err != nil {
			return nil, "", err
		}
	}
	args, err = encodeArgv(jobEncodeArgs(s, out, tmp, j))
	if err != nil {
		if audioFile != "" {
			os.Remove(audioFile)
		}
		return nil, "", err
	}
	if audioFile != "" {
		for i, v := range args {
			if v == "pipe:3" {
				args[i] = "file:" + audioFile
			}
		}
	}
	return args, audioFile, nil
}

// feed writes the frames to ffmpeg's stdin and the sound to its audio pipe
// (when it has one) at the same time, then waits for ffmpeg to exit and
// returns how it ended. A render or mix error cancels ctx with its cause.
func feed(ctx context.Context, cancel context.CancelCauseFunc, p *proc, j Job, s Settings, rep *reporter) error {
	audioDone := make(chan error, 1)
	if p.audio != nil {
		go func() {
			err := writeAudio(ctx, p.audio, j)
			p.audio.Close() // end of the sound for ffmpeg
			if err != nil {
				cancel(err)
			}
			audioDone <- err
		}()
	} else {
		audioDone <- nil
	}
	if err := writeFrames(ctx, p.stdin, j, s, rep); err != nil {
		cancel(err)
	} else {
		p.stdin.Close() // end of the video for ffmpeg
	}
	if err := <-audioDone; err != nil {
		cancel(err)
	}
	return p.wait()
}

// encodeOutcome is the error of an encode that has ended (nil if ffmpeg
// made the whole video): the caller's cancel, a render or mix error, or
// ffmpeg's own failure. ctx is the encode's context, parent the caller's.
func encodeOutcome(parent, ctx context.Context, p *proc, waitErr error, out string, frames int) error {
	if err := parent.Err(); err != nil {
		return fmt.Errorf("export %s: %w", out, err)
	}
	cause := context.Cause(ctx)
	if cause != nil && !isPipeErr(cause) {
		return cause // a render or mix error, or a broken job
	}
	if waitErr != nil || cause != nil {
		return p.failure("encoding "+out, out, firstErr(waitErr, cause))
	}
	if got, _ := p.prog.state(); got != frames {
		return fmt.Errorf("export %s: ffmpeg encoded %d frames, expected %d", out, got, frames)
	}
	return nil
}

// finish checks the finished temporary video (VerifyOutput) and only then
// renames it over out and flushes the folder.
func finish(ctx context.Context, tmp, out string, want Expect) error {
	if err := VerifyOutput(ctx, tmp, want); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return fmt.Errorf("export %s: moving the finished video into place: %w", out, err)
	}
	syncDir(filepath.Dir(out))
	return nil
}

// jobEncodeArgs are the ffmpeg arguments of encoding j into tmp, the
// temporary name of out. The segment keys hash them (segments.go).
func jobEncodeArgs(s Settings, out, tmp string, j Job) encodeArgs {
	format, faststart := container(out)
	a := encodeArgs{
		Output: tmp, Format: format, Faststart: faststart && !j.segment,
		Width: s.Width, Height: s.Height, FPS: s.FPS,
		Encoder: s.Encoder, CRF: s.CRF, X264Preset: s.X264Preset,
		Audio: j.Audio != nil, AudioBitrate: s.AudioBitrate,
	}
	return a
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// isPipeErr reports whether err is a write to ffmpeg that failed because
// ffmpeg closed its end (it exited; its own error says why).
func isPipeErr(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed) || errors.Is(err, io.ErrClosedPipe)
}

// staleTemp is how long a temporary output must have been left untouched
// before removeStaleTemps takes it for the leftover of a killed export: a
// running export's file is written to all the time.
const staleTemp = 15 * time.Minute

// tempPattern is the glob of out's temporary files (see createTemp).
func tempPattern(out, ext string) (dir, pattern string) {
	dir = filepath.Dir(out)
	base := strings.TrimSuffix(filepath.Base(out), ext)
	base = strings.ReplaceAll(base, "*", "_")
	ext = strings.ReplaceAll(ext, "*", "_")
	for len(base) > 100 { // keep the temporary name within NAME_MAX
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	return dir, "." + base + ".slidereel-tmp-*" + ext
}

// removeStaleTemps deletes temporary outputs for out that an export killed
// before it could clean up (SIGKILL, power loss) left behind. Only files of
// this output's name that nobody has written to for staleTemp go; anything
// else in the folder is never touched. Failures are ignored: this is
// housekeeping, not the export.
func removeStaleTemps(out, ext string) {
	dir, pattern := tempPattern(out, ext)
	matches, err := filepath.Glob(filepath.Join(dir, globEscape(pattern)))
	if err != nil {
		return
	}
	for _, m := range matches {
		st, err := os.Lstat(m)
		if err == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) > staleTemp {
			os.Remove(m)
		}
	}
}

// globEscape quotes the glob metacharacters of a temp pattern except its
// one '*'.
func globEscape(pattern string) string {
	pre, post, _ := strings.Cut(pattern, "*")
	esc := strings.NewReplacer(`\`, `\\`, "[", `\[`, "?", `\?`, "*", `\*`)
	return esc.Replace(pre) + "*" + esc.Replace(post)
}

// createTemp creates the temporary output file next to out. Its failures
// are the destination's problems: not writable, missing folder, disk full.
func createTemp(out, ext string) (string, error) {
	dir, pattern := tempPattern(out, ext)
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", destError(dir, err)
	}
	name := f.Name()
	// CreateTemp makes the file private (0600); the video gets the usual
	// mode of a new file, or the mode of the file it replaces.
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(out); err == nil && st.Mode().IsRegular() {
		mode = st.Mode().Perm()
	}
	err = f.Chmod(mode)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", destError(dir, err)
	}
	return name, nil
}

func destError(dir string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: folder %s does not exist: %w", ErrNotWritable, dir, err)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%w: cannot create files in %s (permission denied or read-only): %w", ErrNotWritable, dir, err)
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return DiskFullError(dir, err)
	}
	return fmt.Errorf("%w: %s: %w", ErrNotWritable, dir, err)
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

const bytesPerSample = 2 * audioChannels

// writeAudio writes the job's sound to w, buffered, and checks its length.
func writeAudio(ctx context.Context, w io.Writer, j Job) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := &countingWriter{w: bw}
	if err := j.Audio(ctx, cw); err != nil {
		return fmt.Errorf("export: mixing the sound: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: writing the sound to ffmpeg: %w", err)
	}
	if want := int64(j.Samples) * bytesPerSample; cw.n != want {
		return fmt.Errorf("export: the sound mix wrote %d samples, the video needs exactly %d", cw.n/bytesPerSample, j.Samples)
	}
	return nil
}

// writeAudioFile writes the sound to a temporary file next to out.
func writeAudioFile(ctx context.Context, out string, j Job) (name string, err error) {
	name, err = createTemp(out, ".pcm")
	if err != nil {
		return "", err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		os.Remove(name)
		return "", destError(filepath.Dir(out), err)
	}
	err = writeAudio(ctx, f, j)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = destError(filepath.Dir(out), cerr)
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

type rendered struct {
	frame int
	img   *image.YCbCr
	err   error
}

// writeFrames renders the job's frames ahead into a small pool of buffers
// and writes them to w in order.
func writeFrames(ctx context.Context, w io.Writer, j Job, s Settings, rep *reporter) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rect := image.Rect(0, 0, s.Width, s.Height)
	free := make(chan *image.YCbCr, frameBuffers)
	for range frameBuffers {
		free <- image.NewYCbCr(rect, image.YCbCrSubsampleRatio420)
	}
	ready := make(chan rendered, frameBuffers)
	producerDone := make(chan struct{})
	go func() {
		defer close(producerDone)
		defer close(ready)
		for n := 0; n < j.Frames; n++ {
			var img *image.YCbCr
			select {
			case img = <-free:
			case <-ctx.Done():
				return
			}
			err := j.Video(ctx, n, img)
			if err != nil {
				err = fmt.Errorf("export: rendering frame %d: %w", n, err)
			}
			select {
			case ready <- rendered{n, img, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() { cancel(); <-producerDone }()

	var packed []byte
	written := 0
	for r := range ready {
		if r.err != nil {
			return r.err
		}
		var err error
		packed, err = writeYCbCr(w, r.img, packed)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("export: writing frame %d to ffmpeg: %w", r.frame, err)
		}
		free <- r.img
		written++
		rep.frame(written)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if written != j.Frames {
		return fmt.Errorf("export: only %d of %d frames were rendered", written, j.Frames)
	}
	return nil
}

// writeYCbCr writes m's Y, Cb and Cr planes as packed yuv420p. Planes
// whose stride equals their width are written in place; otherwise the rows
// are packed into buf (returned for reuse).
func writeYCbCr(w io.Writer, m *image.YCbCr, buf []byte) ([]byte, error) {
	r := m.Rect
	wd, ht := r.Dx(), r.Dy()
	cw, ch := (wd+1)/2, (ht+1)/2
	yOff := m.YOffset(r.Min.X, r.Min.Y)
	cOff := m.COffset(r.Min.X, r.Min.Y)
	if m.YStride == wd && m.CStride == cw {
		for _, plane := range [][]byte{m.Y[yOff : yOff+wd*ht], m.Cb[cOff : cOff+cw*ch], m.Cr[cOff : cOff+cw*ch]} {
			if _, err := w.Write(plane); err != nil {
				return buf, err
			}
		}
		return buf, nil
	}
	need := wd*ht + 2*cw*ch
	if cap(buf) < need {
		buf = make([]byte, need)
	}
	buf = buf[:0]
	for y := range ht {
		buf = append(buf, m.Y[yOff+y*m.YStride:][:wd]...)
	}
	for _, c := range [][]byte{m.Cb, m.Cr} {
		for y := range ch {
			buf = append(buf, c[cOff+y*m.CStride:][:cw]...)
		}
	}
	_, err := w.Write(buf)
	return buf, err
}

// reporter turns frame counts into throttled Progress callbacks.
type reporter struct {
	total int
	fn    func(Progress)
	start time.Time
	last  time.Time
	// ring of (time, frame) samples of recent callbacks, for the rate
	times  [64]time.Time
	frames [64]int
	n      int
}

// minRateWindow is how long frames must have been coming before a rate
// (and an ETA) is given: the first frame also carries ffmpeg's start and
// the first photos' decode, so a rate from it alone (a 9 s job once showed
// "1.7 fps, ETA 4:21") says nothing.
const minRateWindow = 500 * time.Millisecond

func newReporter(total int, fn func(Progress)) *reporter {
	r := &reporter{total: total, fn: fn, start: time.Now()}
	if fn != nil {
		fn(Progress{Frame: 0, Total: total})
	}
	return r
}

func (r *reporter) add(t time.Time, f int) {
	r.times[r.n%len(r.times)] = t
	r.frames[r.n%len(r.frames)] = f
	r.n++
}

// frame records that written frames have been handed to the encoder.
func (r *reporter) frame(written int) {
	if r.fn == nil {
		return
	}
	now := time.Now()
	if now.Sub(r.last) < progressEvery && written < r.total {
		return
	}
	r.last = now
	// The rate is measured over the samples of the last 64 callbacks (at
	// least progressEvery apart: a window of up to 6.4 s whatever the
	// frame rate), from the first frame on, once they span minRateWindow.
	r.add(now, written)
	// The file is not complete until ffmpeg has finished: hold back the
	// last frame until done.
	shown := min(written, r.total-1)
	oldest := max(r.n-len(r.times), 0)
	t0, f0 := r.times[oldest%len(r.times)], r.frames[oldest%len(r.frames)]
	var fps float64
	if dt := now.Sub(t0); dt >= minRateWindow {
		fps = float64(written-f0) / dt.Seconds()
	}
	var eta time.Duration
	if fps > 0 {
		eta = time.Duration(float64(r.total-written) / fps * float64(time.Second))
	}
	r.fn(Progress{Frame: shown, Total: r.total, FPS: fps, Elapsed: now.Sub(r.start), ETA: eta})
}

// done reports the finished export.
func (r *reporter) done() {
	if r.fn == nil {
		return
	}
	el := time.Since(r.start)
	var fps float64
	if el > 0 {
		fps = float64(r.total) / el.Seconds()
	}
	r.fn(Progress{Frame: r.total, Total: r.total, FPS: fps, Elapsed: el})
}
