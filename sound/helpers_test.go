package sound

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/slidereel/slidereel/project"
)

// wavSpec describes a test WAV file.
type wavSpec struct {
	rate, chans, bits int
	float             bool
	frames            int
	// sample returns channel ch of frame i, in [-1, 1].
	sample func(i, ch int) float64
}

// encodeWAV writes a WAV file in the given format (our own small writer, so
// the tests cover every bit depth the decoder claims).
func encodeWAV(w wavSpec) []byte {
	var data bytes.Buffer
	for i := 0; i < w.frames; i++ {
		for c := 0; c < w.chans; c++ {
			v := math.Max(-1, math.Min(1, w.sample(i, c)))
			switch {
			case w.float && w.bits == 32:
				binary.Write(&data, binary.LittleEndian, float32(v))
			case w.float && w.bits == 64:
				binary.Write(&data, binary.LittleEndian, v)
			case w.bits == 8:
				data.WriteByte(byte(math.Round(v*127) + 128))
			case w.bits == 16:
				binary.Write(&data, binary.LittleEndian, int16(math.Round(v*32767)))
			case w.bits == 24:
				x := int32(math.Round(v * 8388607))
				data.Write([]byte{byte(x), byte(x >> 8), byte(x >> 16)})
			case w.bits == 32:
				binary.Write(&data, binary.LittleEndian, int32(math.Round(v*2147483647)))
			}
		}
	}
	format := uint16(wavFormatPCM)
	if w.float {
		format = wavFormatFloat
	}
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(36+data.Len()))
	b.WriteString("WAVEfmt ")
	binary.Write(&b, binary.LittleEndian, uint32(16))
	binary.Write(&b, binary.LittleEndian, format)
	binary.Write(&b, binary.LittleEndian, uint16(w.chans))
	binary.Write(&b, binary.LittleEndian, uint32(w.rate))
	binary.Write(&b, binary.LittleEndian, uint32(w.rate*w.chans*w.bits/8))
	binary.Write(&b, binary.LittleEndian, uint16(w.chans*w.bits/8))
	binary.Write(&b, binary.LittleEndian, uint16(w.bits))
	b.WriteString("data")
	binary.Write(&b, binary.LittleEndian, uint32(data.Len()))
	b.Write(data.Bytes())
	return b.Bytes()
}

func writeWAV(t testing.TB, name string, w wavSpec) string {
	t.Helper()
	if w.rate == 0 {
		w.rate = SampleRate
	}
	if w.chans == 0 {
		w.chans = 2
	}
	if w.bits == 0 {
		w.bits, w.float = 32, true
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, encodeWAV(w), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func sine(freq, amp float64, rate int) func(i, ch int) float64 {
	return func(i, _ int) float64 { return amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)) }
}

func constant(v float64) func(i, ch int) float64 { return func(int, int) float64 { return v } }

// needFFmpeg skips (or fails on CI) when ffmpeg is missing.
func needFFmpeg(t testing.TB) {
	t.Helper()
	if ffmpegBin() != "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("ffmpeg is required on CI")
	}
	t.Skip("ffmpeg not installed")
}

// convert encodes src into dst's format with ffmpeg.
func convert(t testing.TB, src, dst string, args ...string) string {
	t.Helper()
	needFFmpeg(t)
	argv := append([]string{"-nostdin", "-v", "error", "-y", "-i", src}, args...)
	argv = append(argv, dst)
	if out, err := exec.Command(ffmpegBin(), argv...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %v: %v: %s", argv, err, out)
	}
	return dst
}

// newTestProject returns a project with n fixed-duration cut slides of d
// seconds and plain sound settings (no fades, ducking or normalisation).
func newTestProject(n int, d float64) *project.Project {
	p := project.New()
	p.Defaults.Duration = d
	p.Defaults.Transition = project.Transition{Kind: project.Cut}
	for i := 0; i < n; i++ {
		p.AddImages(filepath.Join("img", string(rune('a'+i))+".jpg"))
	}
	p.Soundtrack.FadeOut = 0
	p.Soundtrack.Ducking.Enabled = false
	p.Soundtrack.Normalize = false
	return p
}

func mustMix(t testing.TB, p *project.Project) (*Mix, *project.Timeline) {
	t.Helper()
	d, err := Durations(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	tl := p.Timeline(d)
	m, err := NewMix(t.Context(), p, tl)
	if err != nil {
		t.Fatal(err)
	}
	return m, tl
}

func left(m *Mix, i int) float32 { return m.data[2*i] }
