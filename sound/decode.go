package sound

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gopxl/beep/v2"
	"github.com/gopxl/beep/v2/flac"
	"github.com/gopxl/beep/v2/mp3"
	"github.com/gopxl/beep/v2/vorbis"

	"github.com/slidereel/slidereel/internal/lru"
	"github.com/slidereel/slidereel/internal/stamp"
)

// clip is a decoded file at the project rate: interleaved stereo float32.
// Clips are shared through the cache and must never be modified.
type clip struct {
	path string
	data []float32
}

func (c *clip) frames() int { return len(c.data) / 2 }

// seconds is the clip's exact length on the project's sample grid.
func (c *clip) seconds() float64 { return float64(c.frames()) / SampleRate }

// DecodeError is returned when a sound file cannot be read or decoded.
type DecodeError struct {
	Path string
	Err  error
}

func (e *DecodeError) Error() string { return fmt.Sprintf("sound: %s: %v", e.Path, e.Err) }

func (e *DecodeError) Unwrap() error { return e.Err }

// fileKey identifies one version of a file (see internal/stamp).
type fileKey struct {
	path string
	stamp.Stamp
}

func statKey(path string) (fileKey, error) {
	stp, st, err := stamp.Stat(path)
	if err != nil {
		return fileKey{}, &DecodeError{Path: path, Err: err}
	}
	if st.IsDir() {
		return fileKey{}, &DecodeError{Path: path, Err: errors.New("is a directory, not a sound file")}
	}
	if st.Size() == 0 {
		return fileKey{}, &DecodeError{Path: path, Err: errors.New("empty file")}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return fileKey{path: abs, Stamp: stp}, nil
}

// loadFile returns c's entry for the file at path as it is now (its
// fileKey), made by fill when c lacks it; concurrent calls for one version
// of a file fill once.
func loadFile[V any](ctx context.Context, c *lru.Cache[fileKey, V], path string, fill func(context.Context, fileKey) (V, int64, error)) (V, error) {
	key, err := statKey(path)
	if err != nil {
		var zero V
		return zero, err
	}
	return c.Load(ctx, key, func(ctx context.Context) (V, int64, error) { return fill(ctx, key) })
}

// decodeFile decodes path to the project rate. WAV goes through our own
// parser, FLAC and Ogg Vorbis through beep, MP3 through ffmpeg when it is
// installed (beep otherwise), everything else through ffmpeg. When the
// native decoder fails (say, a misnamed file), ffmpeg gets a second try.
func decodeFile(ctx context.Context, path string) (*clip, error) {
	ext := strings.ToLower(filepath.Ext(path))
	var (
		data []float32
		err  error
	)
	if nativeFormat(ext) {
		data, err = decodeNativeOrFFmpeg(ctx, path, ext)
	} else {
		data, err = decodeFFmpeg(ctx, path)
	}
	if err == nil && len(data) < 2 {
		err = errors.New("no audio samples")
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &DecodeError{Path: path, Err: err}
	}
	return &clip{path: path, data: data}, nil
}

// nativeFormat reports whether files with extension ext are decoded in Go
// (MP3 only when ffmpeg is missing).
func nativeFormat(ext string) bool {
	switch ext {
	case ".wav", ".wave", ".flac", ".ogg", ".oga":
		return true
	case ".mp3":
		return ffmpegBin() == ""
	}
	return false
}

// decodeNativeOrFFmpeg decodes in Go and resamples; when that fails and
// ffmpeg is there, ffmpeg gets a second try (say, a misnamed file).
func decodeNativeOrFFmpeg(ctx context.Context, path, ext string) ([]float32, error) {
	p, err := decodeNative(ctx, path, ext)
	if err == nil {
		return resample(p, SampleRate), nil
	}
	if ffmpegBin() == "" || ctx.Err() != nil {
		return nil, err
	}
	d, ferr := decodeFFmpeg(ctx, path)
	if ferr == nil {
		return d, nil
	}
	if ctx.Err() == nil {
		err = fmt.Errorf("%w (ffmpeg: %v)", err, ferr)
	}
	return nil, err
}

// decodeFFmpeg decodes path to the project rate, stereo. Mono is decoded as
// mono and copied to both channels: ffmpeg's own upmix would lower it by
// 3 dB, unlike every other decoder here.
func decodeFFmpeg(ctx context.Context, path string) ([]float32, error) {
	pr := ffprobe(ctx, path)
	// Room for the whole clip up front (plus a second), so an hour of music
	// is not copied over and over while it grows.
	data := make([]float32, 0, 2*int((pr.seconds+1)*SampleRate))
	if pr.channels == 1 {
		err := ffmpegDecode(ctx, path, 1, SampleRate, func(b []float32) {
			for _, v := range b {
				data = append(data, v, v)
			}
		})
		return data, err
	}
	err := ffmpegDecode(ctx, path, 2, SampleRate, func(b []float32) { data = append(data, b...) })
	return data, err
}

var errSurround = errors.New("more than two channels: ffmpeg downmixes them")

// decodeNative decodes with our WAV parser or a beep decoder, at the file's
// own rate. Decoder panics on corrupt input become errors.
func decodeNative(ctx context.Context, path, ext string) (p pcm, err error) {
	f, err := os.Open(path)
	if err != nil {
		return pcm{}, err
	}
	defer f.Close()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("decoder failed: %v", r)
		}
	}()
	if ext == ".wav" || ext == ".wave" {
		p, err := decodeWAV(&ctxReader{ctx: ctx, r: f})
		if err == nil && p.surround && ffmpegBin() != "" {
			return pcm{}, errSurround // decodeFile hands it to ffmpeg
		}
		return p, err
	}
	var (
		s      beep.StreamSeekCloser
		format beep.Format
	)
	switch ext {
	case ".flac":
		s, format, err = flac.Decode(f)
	case ".ogg", ".oga":
		s, format, err = vorbis.Decode(f)
	case ".mp3":
		s, format, err = mp3.Decode(f)
	default:
		return pcm{}, fmt.Errorf("no built-in decoder for %q files", ext)
	}
	if err != nil {
		return pcm{}, fmt.Errorf("decode %s: %w", strings.TrimPrefix(ext, "."), err)
	}
	defer s.Close()
	return drain(ctx, s, int(format.SampleRate))
}

// drain reads a beep streamer to its end.
func drain(ctx context.Context, s beep.Streamer, rate int) (pcm, error) {
	if rate <= 0 {
		return pcm{}, fmt.Errorf("bad sample rate %d", rate)
	}
	p := pcm{rate: rate}
	if l, ok := s.(beep.StreamSeeker); ok && l.Len() > 0 {
		p.data = make([]float32, 0, 2*l.Len())
	}
	buf := make([][2]float64, 8192)
	for stalls := 0; ; {
		if err := ctx.Err(); err != nil {
			return pcm{}, err
		}
		n, ok := s.Stream(buf)
		if n == 0 && ok {
			// A decoder that makes no progress must not hang the caller.
			if stalls++; stalls > 100 {
				return pcm{}, errors.New("decoder makes no progress")
			}
			continue
		}
		stalls = 0
		for _, v := range buf[:n] {
			p.data = append(p.data, float32(v[0]), float32(v[1]))
		}
		if !ok {
			break
		}
	}
	if err := s.Err(); err != nil {
		return pcm{}, err
	}
	return p, nil
}

// ctxReader stops a read loop when its context is cancelled.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
