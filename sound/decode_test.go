package sound

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slidereel/slidereel/project"
)

// rms of the left channel over the middle half of a clip.
func rmsMid(data []float32) float64 {
	n := len(data) / 2
	var s float64
	for i := n / 4; i < 3*n/4; i++ {
		s += float64(data[2*i]) * float64(data[2*i])
	}
	return math.Sqrt(s / float64(n/2))
}

// Every WAV bit depth, mono and stereo, at 22.05/44.1/48 kHz, decodes to
// the same tone at 48 kHz stereo with the right length.
func TestDecodeWAVFormats(t *testing.T) {
	for _, rate := range []int{22050, 44100, 48000} {
		for _, f := range []struct {
			bits  int
			float bool
		}{{8, false}, {16, false}, {24, false}, {32, false}, {32, true}, {64, true}} {
			for _, chans := range []int{1, 2} {
				w := wavSpec{rate: rate, chans: chans, bits: f.bits, float: f.float, frames: rate / 2,
					sample: func(i, ch int) float64 {
						return 0.5 * math.Sin(2*math.Pi*440*float64(i)/float64(rate))
					}}
				c, err := loadClip(t.Context(), writeWAV(t, "t.wav", w))
				if err != nil {
					t.Fatalf("%d Hz %d-bit float=%v %dch: %v", rate, f.bits, f.float, chans, err)
				}
				if c.frames() != SampleRate/2 {
					t.Errorf("%d Hz %d-bit %dch: %d frames, want %d", rate, f.bits, chans, c.frames(), SampleRate/2)
				}
				if r := rmsMid(c.data); math.Abs(r-0.5/math.Sqrt2) > 0.01 {
					t.Errorf("%d Hz %d-bit %dch: rms %v, want %v", rate, f.bits, chans, r, 0.5/math.Sqrt2)
				}
				// The tone is where it should be: frame i at 48 kHz is time i/48000.
				i := SampleRate / 4
				want := 0.5 * math.Sin(2*math.Pi*440*float64(i)/SampleRate)
				tol := 0.01
				if f.bits == 8 {
					tol = 0.02
				}
				if math.Abs(float64(c.data[2*i])-want) > tol || c.data[2*i] != c.data[2*i+1] {
					t.Errorf("%d Hz %d-bit %dch: frame %d = %v/%v, want %v", rate, f.bits, chans, i, c.data[2*i], c.data[2*i+1], want)
				}
			}
		}
	}
}

// Stereo stays stereo: distinct channels are not mixed.
func TestDecodeKeepsChannels(t *testing.T) {
	w := wavSpec{rate: 44100, chans: 2, bits: 16, frames: 4410, sample: func(i, ch int) float64 {
		if ch == 0 {
			return 0.25
		}
		return -0.5
	}}
	c, err := loadClip(t.Context(), writeWAV(t, "lr.wav", w))
	if err != nil {
		t.Fatal(err)
	}
	i := c.frames() / 2
	if math.Abs(float64(c.data[2*i])-0.25) > 1e-3 || math.Abs(float64(c.data[2*i+1])+0.5) > 1e-3 {
		t.Errorf("frame %d = %v/%v, want 0.25/-0.5", i, c.data[2*i], c.data[2*i+1])
	}
}

// Compressed formats: FLAC and Ogg Vorbis through beep, MP3 through
// ffmpeg (beep without it), M4A/AAC and Opus through ffmpeg.
func TestDecodeCompressed(t *testing.T) {
	needFFmpeg(t)
	src := writeWAV(t, "src.wav", wavSpec{rate: 44100, chans: 1, bits: 16, frames: 44100 * 2,
		sample: sine(440, 0.5, 44100)})
	dir := t.TempDir()
	for _, tc := range []struct {
		ext  string
		args []string
	}{
		{".flac", nil},
		{".24.flac", []string{"-sample_fmt", "s32", "-bits_per_raw_sample", "24"}},
		{".ogg", []string{"-c:a", "libvorbis"}},
		{".mp3", []string{"-c:a", "libmp3lame", "-b:a", "128k"}},
		{".m4a", []string{"-c:a", "aac", "-b:a", "128k"}},
		{".opus", []string{"-c:a", "libopus", "-b:a", "96k"}},
	} {
		path := convert(t, src, filepath.Join(dir, "tone"+tc.ext), tc.args...)
		if ext := filepath.Ext(tc.ext); ext == ".flac" || ext == ".ogg" {
			// These must go through beep, not only through the ffmpeg fallback.
			if p, err := decodeNative(t.Context(), path, filepath.Ext(tc.ext)); err != nil || p.rate != 44100 {
				t.Errorf("%s through beep: rate %d, %v", tc.ext, p.rate, err)
			}
		}
		c, err := loadClip(t.Context(), path)
		if err != nil {
			t.Errorf("%s: %v", tc.ext, err)
			continue
		}
		// Lossy codecs pad a little; the length is two seconds within 60 ms.
		if d := c.seconds(); math.Abs(d-2) > 0.06 {
			t.Errorf("%s: %.4f s, want 2", tc.ext, d)
		}
		if r := rmsMid(c.data); math.Abs(r-0.5/math.Sqrt2) > 0.02 {
			t.Errorf("%s: rms %v, want %v", tc.ext, r, 0.5/math.Sqrt2)
		}
	}
}

// Broken inputs give an error naming the file, never a hang or a panic.
func TestDecodeErrors(t *testing.T) {
	dir := t.TempDir()
	junk := []byte(strings.Repeat("this is not audio at all \x00\x01\x02", 200))
	for _, name := range []string{"empty.wav", "empty.mp3", "junk.wav", "junk.mp3", "junk.flac", "junk.ogg", "junk.m4a", "junk.opus", "truncated.wav"} {
		path := filepath.Join(dir, name)
		var data []byte
		switch {
		case strings.HasPrefix(name, "junk"):
			data = junk
		case strings.HasPrefix(name, "truncated"):
			data = encodeWAV(wavSpec{rate: 48000, chans: 2, bits: 16, frames: 100, sample: constant(0.1)})[:40]
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if ffmpegBin() == "" && (strings.HasSuffix(name, ".m4a") || strings.HasSuffix(name, ".opus")) {
			continue
		}
		_, err := loadClip(t.Context(), path)
		var de *DecodeError
		if err == nil || !errors.As(err, &de) || de.Path != path || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v, want a DecodeError naming the file", name, err)
		}
		if strings.HasPrefix(name, "empty") && !strings.Contains(err.Error(), "empty") {
			t.Errorf("%s: %v should say the file is empty", name, err)
		}
	}
	missing := filepath.Join(dir, "missing.wav")
	if _, err := loadClip(t.Context(), missing); err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v", err)
	}
}

// Durations and the mix name the failing file and its role.
func TestDurationsErrors(t *testing.T) {
	p := newTestProject(2, 1)
	bad := filepath.Join(t.TempDir(), "gone.mp3")
	p.Slides[1].Narration = &project.MediaRef{Path: bad}
	_, err := Durations(t.Context(), p)
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "slide 2") {
		t.Errorf("Durations: %v", err)
	}
}

// A changed file is decoded again; an unchanged one comes from the cache.
func TestClipCache(t *testing.T) {
	path := writeWAV(t, "c.wav", wavSpec{frames: 100, sample: constant(0.25)})
	a, err := loadClip(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := loadClip(t.Context(), path)
	if a != b {
		t.Error("an unchanged file was decoded twice")
	}
	if err := os.WriteFile(path, encodeWAV(wavSpec{rate: 48000, chans: 2, bits: 16, frames: 200, sample: constant(-0.25)}), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := loadClip(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if c.frames() != 200 {
		t.Errorf("changed file: %d frames, want 200", c.frames())
	}
}

// WAVE_FORMAT_EXTENSIBLE, an odd-sized chunk before the data (padded), and
// a surround file (downmixed by ffmpeg when installed).
func TestDecodeWAVHeaders(t *testing.T) {
	plain := encodeWAV(wavSpec{rate: 44100, chans: 2, bits: 24, frames: 4410, sample: constant(0.375)})
	// Rebuild as extensible with a 3-byte "LIST" chunk (plus pad byte).
	data := plain[44:]
	var b []byte
	le32 := func(v int) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }
	le16 := func(v int) []byte { return []byte{byte(v), byte(v >> 8)} }
	fmtBody := append(append(append(append(append(append(
		le16(wavFormatExtensible), le16(2)...), le32(44100)...), le32(44100*6)...), le16(6)...), le16(24)...),
		append(append(append(le16(22), le16(24)...), le32(3)...), append(le16(wavFormatPCM), make([]byte, 14)...)...)...)
	b = append(b, "RIFF"...)
	b = append(b, le32(4+8+len(fmtBody)+8+4+8+len(data))...)
	b = append(b, "WAVE"...)
	b = append(b, "fmt "...)
	b = append(b, le32(len(fmtBody))...)
	b = append(b, fmtBody...)
	b = append(b, "LIST"...)
	b = append(b, le32(3)...)
	b = append(b, 'a', 'b', 'c', 0)
	b = append(b, "data"...)
	b = append(b, le32(len(data))...)
	b = append(b, data...)
	path := filepath.Join(t.TempDir(), "ext.wav")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := loadClip(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if c.frames() != 4800 || math.Abs(float64(c.data[4000])-0.375) > 1e-3 {
		t.Errorf("extensible: %d frames, sample %v", c.frames(), c.data[4000])
	}

	// Six channels: front left 0.5, front right -0.5, the rest silent.
	six := writeWAV(t, "six.wav", wavSpec{rate: 48000, chans: 6, bits: 16, frames: 4800, sample: func(i, ch int) float64 {
		switch ch {
		case 0:
			return 0.5
		case 1:
			return -0.5
		}
		return 0
	}})
	c, err = loadClip(t.Context(), six)
	if err != nil {
		t.Fatal(err)
	}
	l, r := c.data[2*2400], c.data[2*2400+1]
	if c.frames() != 4800 || l <= 0.1 || r >= -0.1 {
		t.Errorf("surround: %d frames, left %v right %v: want left positive, right negative", c.frames(), l, r)
	}
	if _, secs, err := FilePeaks(t.Context(), six, 4); err != nil || math.Abs(secs-0.1) > 1e-3 {
		t.Errorf("surround peaks: %v s, %v", secs, err)
	}
}

// A cancelled context stops decoding and mixing with the context's error.
func TestCancel(t *testing.T) {
	p := newTestProject(2, 1)
	p.Soundtrack.Music = []project.MediaRef{{Path: writeWAV(t, "m.wav", wavSpec{rate: 44100, frames: 44100, sample: constant(0.1)})}}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Durations(ctx, p); !errors.Is(err, context.Canceled) {
		t.Errorf("Durations: %v, want context.Canceled", err)
	}
	tl := p.Timeline(project.MediaDurations{})
	if _, err := NewMix(ctx, p, tl); !errors.Is(err, context.Canceled) {
		t.Errorf("NewMix: %v, want context.Canceled", err)
	}
}
