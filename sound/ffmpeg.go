package sound

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/slidereel/slidereel/internal/ffmpeg"
)

// ffmpeg decodes what beep cannot (M4A/AAC, Opus, ...) and MP3, where it is
// about 15 times faster than beep's decoder and has no leading silence.

// ffmpegBin returns the ffmpeg executable (see internal/ffmpeg), or ""
// when it is not installed.
func ffmpegBin() string {
	p, _ := ffmpeg.FFmpeg()
	return p
}

// probe is what ffprobe says about a file's first audio stream; zero
// values when it cannot tell (no ffprobe, odd output).
type probe struct {
	channels int
	seconds  float64
}

func ffprobe(ctx context.Context, path string) probe {
	var p probe
	bin, err := ffmpeg.FFprobe()
	if err != nil {
		return p
	}
	out, err := ffmpeg.Command(ctx, bin, "-v", "error", "-select_streams", "a:0",
		"-show_entries", "stream=channels:format=duration", "-of", "default=noprint_wrappers=1", path).Output()
	if err != nil {
		return p
	}
	for line := range strings.SplitSeq(string(out), "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "channels":
			p.channels, _ = strconv.Atoi(v)
		case "duration":
			if d, err := strconv.ParseFloat(v, 64); err == nil && d > 0 && d < 48*3600 {
				p.seconds = d
			}
		}
	}
	return p
}

var errNoFFmpeg = errors.New("ffmpeg is not installed (needed for this format)")

// ffmpegDecode decodes path to interleaved float32 with the given channel
// count and rate, calling sink with each block of whole frames.
func ffmpegDecode(ctx context.Context, path string, channels, rate int, sink func([]float32)) error {
	_, err := ffmpegDecodeDiag(ctx, path, channels, rate, sink)
	return err
}

// ffmpegDecodeDiag is ffmpegDecode that also returns what ffmpeg said on
// stderr (the tail) when it succeeded: decoding errors it skipped over.
func ffmpegDecodeDiag(ctx context.Context, path string, channels, rate int, sink func([]float32)) (string, error) {
	bin := ffmpegBin()
	if bin == "" {
		return "", errNoFFmpeg
	}
	cmd := ffmpeg.Command(ctx, bin, "-nostdin", "-v", "error", "-i", path,
		"-vn", "-sn", "-dn", "-f", "f32le", "-ac", strconv.Itoa(channels), "-ar", strconv.Itoa(rate), "-")
	var stderr bytes.Buffer
	cmd.Stderr = &limitedBuffer{buf: &stderr, max: 4096}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", fmt.Errorf("ffmpeg: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("start ffmpeg: %w", err)
	}
	br := bufio.NewReaderSize(out, 1<<16)
	frameBytes := 4 * channels
	buf := make([]byte, frameBytes*8192)
	vals := make([]float32, channels*8192)
	var readErr error
	for {
		n, err := io.ReadFull(br, buf)
		whole := n - n%frameBytes
		for i := 0; i < whole/4; i++ {
			vals[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
		}
		if whole > 0 {
			sink(vals[:whole/4])
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			readErr = err
			break
		}
	}
	if readErr != nil {
		_, _ = io.Copy(io.Discard, br)
	}
	waitErr := cmd.Wait()
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if waitErr != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			return "", fmt.Errorf("ffmpeg decode: %w", waitErr)
		}
		return "", fmt.Errorf("ffmpeg decode: %w: %s", waitErr, msg)
	}
	if readErr != nil {
		return "", fmt.Errorf("read ffmpeg output: %w", readErr)
	}
	return strings.TrimSpace(stderr.String()), nil
}

// limitedBuffer keeps the last max bytes written (the tail of ffmpeg's
// stderr is where the reason is).
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	l.buf.Write(p)
	if over := l.buf.Len() - l.max; over > 0 {
		l.buf.Next(over)
	}
	return len(p), nil
}

// ProbeDuration returns the length of the sound file at path as its header
// declares it (ffprobe; a fraction of a second even for an hour of MP3),
// without decoding it. The mix's exact length comes from decoding
// (Durations); this is for showing a show's length at once. It needs
// ffprobe.
func ProbeDuration(ctx context.Context, path string) (time.Duration, error) {
	if _, err := statKey(path); err != nil {
		return 0, err
	}
	pr := ffprobe(ctx, path)
	if pr.seconds <= 0 {
		return 0, &DecodeError{Path: path, Err: errors.New("cannot tell its length (ffprobe found no duration)")}
	}
	return time.Duration(pr.seconds * float64(time.Second)), nil
}
