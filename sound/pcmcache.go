package sound

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/slidereel/slidereel/internal/lru"
)

// A source is a sound file decoded once to SampleRate stereo float32 and
// kept as a raw file in the PCM cache (CacheDir()/pcm), read in blocks
// while mixing: no decoded file is ever held in memory whole (ffmpeg
// streams into the cache file; our WAV/FLAC/Vorbis decoders still decode
// one file in memory while writing it). Sources are shared between mixes
// through a small registry, keyed by path and file stamp; a
// source keeps its file open, so pruning the cache never breaks a mix that
// uses it.
type source struct {
	path string
	f    *os.File
	n    int // frames
	// damage says what is wrong with the file ("" when it decoded
	// cleanly): see damageOf.
	damage string
}

func (s *source) frames() int { return s.n }

// seconds is the source's exact length on the project's sample grid.
func (s *source) seconds() float64 { return float64(s.n) / SampleRate }

// read fills dst (interleaved stereo) with frames from, from+len(dst)/2;
// frames past the end are zero. buf is scratch space (grown as needed).
func (s *source) read(dst []float32, from int, buf *[]byte) error {
	k := len(dst) / 2
	avail := max(min(k, s.n-from), 0)
	clear(dst[2*avail:])
	if avail == 0 {
		return nil
	}
	need := 8 * avail
	if cap(*buf) < need {
		*buf = make([]byte, need)
	}
	b := (*buf)[:need]
	if _, err := s.f.ReadAt(b, pcmHeader+int64(from)*8); err != nil {
		return &DecodeError{Path: s.path, Err: fmt.Errorf("reading the decoded sound: %w", err)}
	}
	for i := range 2 * avail {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return nil
}

// The registry keeps recently used sources open; older ones are dropped
// from it (a mix still holding one keeps using it; the file is closed when
// no mix needs it any more).
const registrySize = 64

// registry holds the recently used sources (and the decodes in progress).
var registry = lru.New[fileKey, *source](registrySize, nil)

// sourceDecodes counts decodes into the PCM cache (tests check the cache).
var sourceDecodes atomic.Int64

// loadSource returns the decoded source of path, decoding it into the PCM
// cache unless an unchanged copy is there. Concurrent calls for the same
// file decode it once.
func loadSource(ctx context.Context, path string) (*source, error) {
	return loadFile(ctx, registry, path, func(ctx context.Context, key fileKey) (*source, int64, error) {
		src, err := openSource(ctx, path, key)
		return src, 1, err
	})
}

// forget drops path from the registry (Release).
func forget(path string) {
	key, err := statKey(path)
	if err != nil {
		return
	}
	registry.Remove(key)
}

// openSource opens the cached PCM of path, decoding it first when needed.
func openSource(ctx context.Context, path string, key fileKey) (*source, error) {
	cache, err := cachePath("pcm", key, ".f32")
	if err != nil {
		return nil, &DecodeError{Path: path, Err: err}
	}
	if s, err := openPCM(path, cache); err == nil {
		touch(cache)
		return s, nil
	}
	sourceDecodes.Add(1)
	if key.Racy(cacheClock()) {
		return openRacy(ctx, path, cache)
	}
	if err := decodeToFile(ctx, path, cache); err != nil {
		return nil, err
	}
	pruneCache(filepath.Dir(cache), pcmCacheBytes, cache)
	return openPCM(path, cache)
}

// openRacy decodes a file that changed less than stamp.Window ago (another
// write within the same clock tick would keep its stamp) under a name of
// its own, never the cache's, so no later run finds this copy; the name is
// removed at once where the system lets an open file go (Linux), else the
// cache's size bound removes it later.
func openRacy(ctx context.Context, path, cache string) (*source, error) {
	f, err := os.CreateTemp(filepath.Dir(cache), ".racy-*.f32")
	if err != nil {
		return nil, &DecodeError{Path: path, Err: err}
	}
	f.Close()
	if err := decodeToFile(ctx, path, f.Name()); err != nil {
		os.Remove(f.Name())
		return nil, err
	}
	s, err := openPCM(path, f.Name())
	os.Remove(f.Name())
	return s, err
}

func openPCM(path, cache string) (*source, error) {
	f, err := os.Open(cache)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	var d decodeReport
	if err == nil {
		d, err = readPCMHeader(f)
	}
	size := st.Size() - pcmHeader
	if err != nil || size < 8 || size%8 != 0 || d.Frames != size/8 {
		f.Close()
		return nil, errors.New("bad PCM cache file")
	}
	s := &source{path: path, f: f, n: int(size / 8), damage: d.damage(path)}
	runtime.AddCleanup(s, func(f *os.File) { f.Close() }, f)
	return s, nil
}

// decodeToFile decodes path into the cache file (temporary name, then
// rename), streaming when ffmpeg decodes it.
func decodeToFile(ctx context.Context, path, cache string) error {
	tmp, err := os.CreateTemp(filepath.Dir(cache), ".pcm-*")
	if err != nil {
		return &DecodeError{Path: path, Err: err}
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	if _, err := w.Write(make([]byte, pcmHeader)); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return &DecodeError{Path: path, Err: err}
	}
	rep, err := decodeStream(ctx, path, func(b []float32) error {
		var buf [4]byte
		for _, v := range b {
			binary.LittleEndian.PutUint32(buf[:], math.Float32bits(v))
			if _, err := w.Write(buf[:]); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = writePCMHeader(tmp, rep)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && rep.Frames == 0 {
		err = &DecodeError{Path: path, Err: errors.New("no audio samples")}
	}
	if err == nil {
		err = os.Rename(tmp.Name(), cache)
	}
	if err != nil {
		os.Remove(tmp.Name())
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var de *DecodeError
		if !errors.As(err, &de) {
			err = &DecodeError{Path: path, Err: err}
		}
		return err
	}
	return nil
}

// decodeStream decodes path to SampleRate stereo, handing sink blocks of
// interleaved frames, and reports what it read. ffmpeg (MP3 and every
// format we have no decoder for) streams; the native decoders decode the
// file in memory first.
func decodeStream(ctx context.Context, path string, sink func([]float32) error) (decodeReport, error) {
	ext := strings.ToLower(filepath.Ext(path))
	native := ext == ".wav" || ext == ".wave" || ext == ".flac" || ext == ".ogg" || ext == ".oga" ||
		(ext == ".mp3" && ffmpegBin() == "")
	if native {
		c, err := decodeFile(ctx, path)
		if err != nil {
			return decodeReport{}, err
		}
		return decodeReport{Frames: int64(c.frames())}, sink(c.data)
	}
	frames := 0
	var sinkErr error
	write := func(b []float32) {
		if sinkErr == nil {
			frames += len(b) / 2
			sinkErr = sink(b)
		}
	}
	pr := ffprobe(ctx, path)
	var (
		err  error
		diag string
	)
	if pr.channels == 1 {
		var st []float32
		diag, err = ffmpegDecodeDiag(ctx, path, 1, SampleRate, func(b []float32) {
			st = st[:0]
			for _, v := range b {
				st = append(st, v, v)
			}
			write(st)
		})
	} else {
		diag, err = ffmpegDecodeDiag(ctx, path, 2, SampleRate, write)
	}
	if err == nil {
		err = sinkErr
	}
	if err != nil {
		if ctx.Err() != nil {
			return decodeReport{}, ctx.Err()
		}
		return decodeReport{}, &DecodeError{Path: path, Err: err}
	}
	return decodeReport{Frames: int64(frames), Declared: pr.seconds, Errors: diag}, nil
}

var ffmpegPrefix = regexp.MustCompile(`^\s*\[[^\]]*@ 0x[0-9a-f]+\]\s*`)

// pcmHeader is the size of a PCM cache file's header: a magic string and
// the decodeReport as JSON, padded with spaces.
const (
	pcmHeader = 512
	pcmMagic  = "SRPCM01\n"
)

// decodeReport is what decoding a file found: the frames read, the length
// its header declares (0 if unknown) and the decoder's complaints.
type decodeReport struct {
	Frames   int64   `json:"frames"`
	Declared float64 `json:"declared"`
	Errors   string  `json:"errors,omitempty"`
}

// damage is the warning for a file that decoded with errors or to less
// than its header declares, "" otherwise: "song.mp3 is damaged: 8.0 s of
// its 20.0 s could be read".
func (d decodeReport) damage(path string) string {
	got := float64(d.Frames) / SampleRate
	short := d.Declared > 0 && got < d.Declared-max(0.25, 0.01*d.Declared)
	if !short && d.Errors == "" {
		return ""
	}
	name := filepath.Base(path)
	var msg string
	if d.Declared > 0 {
		msg = fmt.Sprintf("%s is damaged: %.1f s of its %.1f s could be read", name, got, d.Declared)
	} else {
		msg = fmt.Sprintf("%s is damaged: %.1f s could be read", name, got)
	}
	if d.Errors != "" {
		first, _, _ := strings.Cut(d.Errors, "\n")
		first = ffmpegPrefix.ReplaceAllString(first, "") // "[mp3float @ 0x...] "
		msg += fmt.Sprintf(" (decoder: %s)", strings.TrimSpace(first))
	}
	return msg
}

func writePCMHeader(f *os.File, d decodeReport) error {
	if len(d.Errors) > 300 {
		d.Errors = d.Errors[:300]
	}
	js, err := json.Marshal(d)
	if err != nil {
		return err
	}
	hdr := []byte(pcmMagic + string(js))
	if len(hdr) > pcmHeader {
		return errors.New("PCM header too long")
	}
	for len(hdr) < pcmHeader {
		hdr = append(hdr, ' ')
	}
	_, err = f.WriteAt(hdr, 0)
	return err
}

func readPCMHeader(f *os.File) (decodeReport, error) {
	var d decodeReport
	hdr := make([]byte, pcmHeader)
	if _, err := f.ReadAt(hdr, 0); err != nil {
		return d, err
	}
	if string(hdr[:len(pcmMagic)]) != pcmMagic {
		return d, errors.New("not a PCM cache file")
	}
	err := json.Unmarshal(bytes.TrimRight(hdr[len(pcmMagic):], " "), &d)
	return d, err
}
